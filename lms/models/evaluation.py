"""Evaluating a training (002 七): the four measures of a session
(:class:`TrainingSession` is "a training": one course's cohort, with its
trainer, trainees, register and survey).

- knowledge: the course exam's results, asked of the assessments app through
  the hook in :mod:`lms.evaluation` (this app never imports it);
- skill application: :class:`SkillObservation`, a rubric (criteria with
  weights) an observer scores per trainee (:class:`ObservationScore`);
- satisfaction: the session's survey answers (:mod:`lms.surveys`);
- business impact: :class:`ImpactIndicator`, before/after figures reported
  per trainee or per department.

Sending the report is logged in :class:`EvaluationReportSend`."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from people.models import Department, person_name

SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class SkillObservation(ClusterableModel):
    """技能应用观察: a rubric for one training; the observer scores each
    trainee on each criterion (0–100); a trainee's result is the mean
    weighted by the criteria's weights (:func:`lms.evaluation.weighted_score`)."""

    session = models.ForeignKey("lms.TrainingSession", verbose_name=_("培训课堂"), on_delete=models.CASCADE,
                                related_name="observations")
    title = models.CharField(_("观察项目"), max_length=200)
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("观察评分人"), on_delete=models.PROTECT,
                                 related_name="observations_to_score")
    observed_on = models.DateField(_("观察日期"), default=timezone.localdate)

    panels = [
        "session",
        "title",
        FieldRowPanel(["observer", "observed_on"]),
        InlinePanel("criteria", heading=_("评分标准（权重）"), label=_("标准"), min_num=1),
    ]

    class Meta:
        ordering = ["-observed_on", "pk"]
        verbose_name = _("技能应用观察")
        verbose_name_plural = _("技能应用观察")

    def __str__(self):
        return f"{self.session.title} · {self.title}"

    def get_absolute_url(self):
        return reverse("lms:observation", args=[self.pk])


class ObservationCriterion(Orderable):
    observation = ParentalKey(SkillObservation, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分标准"), max_length=200)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=Decimal(1),
                                 validators=[MinValueValidator(Decimal("0.01"))])

    panels = [FieldRowPanel(["name", "weight"])]

    class Meta(Orderable.Meta):
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")

    def __str__(self):
        return f"{self.name}（{self.weight}）"


class ObservationScore(models.Model):
    """One trainee's score on one criterion, by the observer."""

    criterion = models.ForeignKey(ObservationCriterion, verbose_name=_("评分标准"), on_delete=models.CASCADE,
                                  related_name="scores")
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE,
                                related_name="observation_scores")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评分人"), on_delete=models.PROTECT,
                                  related_name="+")
    scored_at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "trainee"], name="lms_observation_score_unique"),
        ]
        verbose_name = _("观察评分")
        verbose_name_plural = _("观察评分")

    def __str__(self):
        return f"{person_name(self.trainee)} · {self.criterion.name} · {self.score}"


class ImpactIndicator(models.Model):
    """业务影响指标: a figure before and after the training, reported for one
    trainee or for a department (or the whole training when neither). HR
    fills them in on the training's evaluation page
    (:func:`lms.evaluation.save_indicators`) or in the admin."""

    session = models.ForeignKey("lms.TrainingSession", verbose_name=_("培训课堂"), on_delete=models.CASCADE,
                                related_name="impact_indicators")
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    before = models.DecimalField(_("培训前"), max_digits=12, decimal_places=2)
    after = models.DecimalField(_("培训后"), max_digits=12, decimal_places=2)
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学员"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("部门/单位"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    reported_by = models.CharField(_("来源/报告人"), max_length=100,
                                   help_text=_("数据来源或报告人，如“周建国（售后部）”“客户月报”。"))
    reported_on = models.DateField(_("报告日期"), default=timezone.localdate)
    note = models.TextField(_("备注"), blank=True)

    panels = [
        "session",
        FieldRowPanel(["name", "unit"]),
        FieldRowPanel(["before", "after"]),
        FieldRowPanel(["trainee", "department"]),
        FieldRowPanel(["reported_by", "reported_on"]),
        "note",
    ]

    class Meta:
        ordering = ["session", "name", "pk"]
        verbose_name = _("业务影响指标")
        verbose_name_plural = _("业务影响指标")

    def __str__(self):
        return f"{self.name}：{self.before} → {self.after}{self.unit}"

    def clean(self):
        super().clean()
        if self.trainee_id and self.department_id:
            raise ValidationError({"department": _("指标按学员或按部门/单位填报，二者选其一。")})

    @property
    def subject(self):
        if self.trainee_id:
            return person_name(self.trainee)
        if self.department_id:
            return self.department.name
        return _("全体学员")

    @property
    def change(self):
        return self.after - self.before


class EvaluationReportSend(models.Model):
    """The log of evaluation reports sent: who sent which training's
    report when, to whom."""

    session = models.ForeignKey("lms.TrainingSession", verbose_name=_("培训课堂"), on_delete=models.CASCADE,
                                related_name="evaluation_sends")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    recipients = models.JSONField(_("收件人"), default=list)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("培训评估报告发送记录")
        verbose_name_plural = _("培训评估报告发送记录")
        permissions = [("send_evaluationreport", _("可以发送培训评估报告"))]

    def __str__(self):
        return f"{self.session.title} · {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"

    def recipient_names(self):
        return "、".join(r.get("name", "") for r in self.recipients)

    recipient_names.short_description = _("收件人")
