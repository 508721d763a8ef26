"""A training plan's course lines (客户培训日常管理制度 三(一)): an annual
or special plan schedules several courses, each with what the document
lists: course, goal, content, audience, time, place, trainers and method.
The lines are edited with their plan (one formset, one transaction, see
:mod:`lms.views.plans`) and locked with it once it is submitted; the rules
on them (filed course, pool trainers, lead time to the first training) are
in :mod:`lms.planning`."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules
from .plans import PlanMethod


class PlanLine(models.Model):
    plan = models.ForeignKey("lms.TrainingPlan", verbose_name=_("培训计划"), on_delete=models.CASCADE,
                             related_name="lines")
    sort_order = models.PositiveIntegerField(_("序号"), default=0)
    course = models.ForeignKey(
        "lms.CoursePage", verbose_name=_("培训课程"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_lines", help_text=_("须为已提交培训管理部门归档的课程。"),
    )
    goal = models.TextField(_("培训目标"), blank=True)
    content = models.TextField(_("培训内容"), blank=True)
    audience = models.CharField(_("培训对象"), max_length=255, blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("留空表示当天。"))
    month = models.DateField(_("培训月份"), null=True, blank=True,
                             help_text=_("只定到月份时填写（不填开始日期），保存为当月 1 日。"))
    place = models.CharField(_("培训地点"), max_length=200, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("培训师资"), blank=True, related_name="+",
        help_text=_("须为师资库成员。"),
    )
    method = models.CharField(_("培训方式"), max_length=20, choices=PlanMethod.choices, blank=True)

    class Meta:
        ordering = ["plan", "sort_order", "pk"]
        verbose_name = _("培训计划课程明细")
        verbose_name_plural = _("培训计划课程明细")

    def __str__(self):
        course = self.course.title if self.course_id else _("（未选课程）")
        return f"{self.plan} · {course}"

    def save(self, *args, **kwargs):
        if self.month:
            self.month = rules.month_start(self.month)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.month:
            self.month = rules.month_start(self.month)
        if self.starts_on and self.month:
            raise ValidationError({"month": _("培训时间填写开始日期或培训月份，二者选其一。")})
        if not self.starts_on and not self.month:
            raise ValidationError({"starts_on": _("请填写培训开始日期，或只填写培训月份。")})
        if self.ends_on and not self.starts_on:
            raise ValidationError({"ends_on": _("填写结束日期时须同时填写开始日期。")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})

    @property
    def days(self):
        """(first day, last day) of the line's training time."""
        return rules.line_days(self.starts_on, self.ends_on, self.month)

    @property
    def first_day(self):
        return self.days[0]
