"""The two steps of a training plan's approval (客户培训日常管理制度 三(二)):
the training-management department's review (合理性、可行性、与业务目标的
一致性、资源配置的有效性, with comments), then management's decision. Each
step taken is one row, so a plan's history of returns and resubmissions is
kept; :mod:`lms.planning` writes them."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import person_name


class ReviewStage(models.TextChoices):
    REVIEW = "review", _("培训管理部门审核")
    APPROVAL = "approval", _("管理层审批")


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("通过")
    RETURNED = "returned", _("退回修改")


class PlanReview(models.Model):
    plan = models.ForeignKey("lms.TrainingPlan", verbose_name=_("培训计划"), on_delete=models.CASCADE,
                             related_name="reviews")
    stage = models.CharField(_("环节"), max_length=20, choices=ReviewStage.choices)
    outcome = models.CharField(_("结论"), max_length=20, choices=ReviewOutcome.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT,
                                 related_name="+")
    reasonable = models.BooleanField(_("合理性"), null=True)
    feasible = models.BooleanField(_("可行性"), null=True)
    aligned = models.BooleanField(_("与公司业务目标一致"), null=True)
    resources = models.BooleanField(_("资源配置有效"), null=True)
    comments = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("培训计划审核记录")
        verbose_name_plural = _("培训计划审核记录")

    def __str__(self):
        return f"{self.get_stage_display()} · {self.get_outcome_display()} · {person_name(self.reviewer)}"
