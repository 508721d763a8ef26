"""Course development (客户培训日常管理制度 五(二)): a course goes through
立项 (team named) → 调研 → 大纲与教案 → 教材与课件 → 内部试讲与评审 → 修订 →
提交培训管理部门并归档. Each completed step is a :class:`DevelopmentStep`
(date, person, note, documents); the trial lecture's reviewers leave
:class:`TrialReview` comments. Only a filed course is scheduled (a session
or a training plan for another is refused, :func:`course_schedule_error`),
and a filed course is re-evaluated periodically (五(三)). The steps are taken
through :mod:`lms.course_development`, never by editing the stage."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from people.models import person_name

from .. import rules


class DevelopmentStage(models.TextChoices):
    PROJECT = "project", _("立项（成立开发小组）")
    RESEARCH = "research", _("课程内容调研")
    OUTLINE = "outline", _("课程大纲与教学计划")
    MATERIALS = "materials", _("教材与课件编写")
    TRIAL = "trial", _("内部试讲与评审")
    REVISION = "revision", _("修改完善")
    FILED = rules.FILED, _("提交培训管理部门审核备案")


class CourseDevelopment(ClusterableModel):
    """A course's development project: its owner, team and the step it has
    reached (``stage`` is the last completed step; empty: not started)."""

    course = models.OneToOneField("lms.CoursePage", verbose_name=_("课程"), on_delete=models.CASCADE,
                                  related_name="development")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("课程负责人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              help_text=_("接收定期评估提醒。"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("课程开发小组"), blank=True,
                                   related_name="+")
    stage = models.CharField(_("已完成步骤"), max_length=20, choices=DevelopmentStage.choices, blank=True,
                             editable=False)
    filed_on = models.DateField(_("归档日期"), null=True, blank=True, editable=False)
    last_evaluated_on = models.DateField(_("最近评估日期"), null=True, blank=True, editable=False)

    panels = [FieldRowPanel(["course", "owner"]), FieldPanel("team")]

    class Meta:
        ordering = ["course__title"]
        verbose_name = _("课程开发")
        verbose_name_plural = _("课程开发")
        permissions = [("file_coursedevelopment", _("可以审核备案课程（培训管理部门）"))]

    def __str__(self):
        return f"{self.course.title} · {self.stage_label}"

    @property
    def filed(self):
        return self.stage == rules.FILED

    @property
    def stage_label(self):
        return self.get_stage_display() if self.stage else gettext("未立项")

    @property
    def next_stage(self):
        step = rules.next_development_step(self.stage or None)
        return DevelopmentStage(step) if step else None

    def reevaluation_due(self, months):
        return rules.reevaluation_due(self.last_evaluated_on or self.filed_on, months) if self.filed else None

    def get_absolute_url(self):
        return reverse("lms:course_development", args=[self.pk])

    def progress(self):
        return self.get_stage_display() if self.stage else "—"

    progress.short_description = _("进度")


class DevelopmentStep(models.Model):
    """One completed step, with who completed it, when, a note and documents."""

    development = models.ForeignKey(CourseDevelopment, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("步骤"), max_length=20, choices=DevelopmentStage.choices)
    completed_on = models.DateField(_("完成日期"), default=timezone.localdate)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("完成人"), null=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    documents = models.ManyToManyField("wagtaildocs.Document", verbose_name=_("文件"), blank=True,
                                       related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["development", "recorded_at", "pk"]
        verbose_name = _("课程开发步骤")
        verbose_name_plural = _("课程开发步骤")

    def __str__(self):
        return f"{self.get_stage_display()} · {self.completed_on} · {person_name(self.by)}"


class TrialReview(models.Model):
    """A reviewer's comments on the internal trial lecture (内部试讲与评审)."""

    development = models.ForeignKey(CourseDevelopment, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审人"), on_delete=models.PROTECT,
                                 related_name="+")
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    comments = models.TextField(_("评审意见"))
    reviewed_at = models.DateTimeField(_("评审时间"), default=timezone.now)

    class Meta:
        ordering = ["reviewed_at", "pk"]
        verbose_name = _("试讲评审意见")
        verbose_name_plural = _("试讲评审意见")

    def __str__(self):
        return f"{person_name(self.reviewer)} · {self.reviewed_at:%Y-%m-%d}"


def course_schedule_error(course_id):
    """Why the course ``course_id`` may not be scheduled in a session or a
    plan (``None``: it is filed)."""
    if course_id is None:
        return None
    if CourseDevelopment.objects.filter(course_id=course_id, stage=rules.FILED).exists():
        return None
    return gettext("该课程尚未完成开发并提交培训管理部门归档，不能安排培训。")
