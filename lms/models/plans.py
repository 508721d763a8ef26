"""Training plans (年度/月度/临时), departments' monthly training-needs
requests (培训需求申请表), the training settings HR edits, and the
three-month training period after a promotion or transfer. What happens to
them (submission, approval, review) goes through :mod:`lms.planning` and
:mod:`lms.post_change`."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from people.models import Department, JobRole

from .. import rules


@register_setting(icon="calendar")
class TrainingSettings(BaseSiteSetting):
    """培训设置: the numbers of the training-management system in force.
    They change when HR publishes a revision, so they are data."""

    needs_request_due_day = models.PositiveSmallIntegerField(
        _("培训需求申请截止日"), default=rules.DEFAULT_NEEDS_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("各部门须在每月此日前提交下月培训需求申请表（默认 25 日）。"),
    )
    needs_reminder_days_before = models.PositiveSmallIntegerField(
        _("提前提醒天数"), default=3, help_text=_("截止日前多少天开始每天提醒未提交的部门。")
    )
    monthly_plan_lead_days = models.PositiveSmallIntegerField(
        _("月度计划提前报批天数"), default=rules.DEFAULT_MONTHLY_LEAD_DAYS
    )
    temporary_plan_lead_days = models.PositiveSmallIntegerField(
        _("临时计划提前报批天数"), default=rules.DEFAULT_TEMPORARY_LEAD_DAYS
    )
    post_change_training_months = models.PositiveSmallIntegerField(
        _("晋升/调岗培训期（月）"), default=rules.DEFAULT_POST_CHANGE_MONTHS
    )
    course_reevaluation_months = models.PositiveSmallIntegerField(
        _("课程定期评估周期（月）"), default=rules.DEFAULT_COURSE_REEVALUATION_MONTHS,
        validators=[MinValueValidator(1)],
        help_text=_("已归档课程每隔多少个月评估更新一次；到期提醒课程负责人。"),
    )
    trainer_admission_pass_score = models.DecimalField(
        _("师资入库合格分"), max_digits=5, decimal_places=2, default=rules.DEFAULT_TRAINER_PASS_SCORE,
        help_text=_("试讲、教学案例分析两项评分均须达到此分数方可入库。"),
    )

    panels = [
        MultiFieldPanel([FieldRowPanel(["needs_request_due_day", "needs_reminder_days_before"])],
                        heading=_("培训需求申请")),
        MultiFieldPanel([FieldRowPanel(["monthly_plan_lead_days", "temporary_plan_lead_days"])],
                        heading=_("培训计划报批")),
        "post_change_training_months",
        MultiFieldPanel([FieldRowPanel(["course_reevaluation_months", "trainer_admission_pass_score"])],
                        heading=_("课程与师资")),
    ]

    class Meta:
        verbose_name = _("培训设置")

    @classmethod
    def current(cls):
        """The default site's settings (unsaved defaults when there is no site)."""
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site else cls()


class PlanKind(models.TextChoices):
    ANNUAL = rules.ANNUAL, _("年度培训计划")
    SPECIAL = rules.SPECIAL, _("专项培训计划")
    MONTHLY = rules.MONTHLY, _("月度培训计划")
    TEMPORARY = rules.TEMPORARY, _("临时培训计划")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待培训管理部门审核")
    REVIEWED = "reviewed", _("待管理层审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")


class PlanMethod(models.TextChoices):
    LECTURE = "lecture", _("课堂讲授")
    CASE = "case", _("案例分析")
    DISCUSSION = "discussion", _("小组讨论")
    SIMULATION = "simulation", _("模拟演练")
    ON_SITE = "on_site", _("实地操作")
    ONLINE = "online", _("线上学习")


class TrainingPlan(models.Model):
    """A training plan (年度、专项、月度、临时) over a period, answering a needs
    survey; what 客户培训日常管理制度 三(一) lists (course, goal, content,
    audience, time, place, trainers, method) is on each of its course lines
    (:class:`lms.models.PlanLine`, ``plan.lines``). A monthly plan goes for
    approval at least 10 days before its first training, a temporary one at
    least 7 (numbers from :class:`TrainingSettings`, the rule in
    :func:`lms.planning.lead_time_problem`). Approval is two-step (see
    :mod:`lms.planning`): the training-management department reviews
    (``lms.review_trainingplan``), then management approves
    (``lms.approve_trainingplan``) or returns it with comments; every step is
    a :class:`lms.models.PlanReview`."""

    kind = models.CharField(_("计划类型"), max_length=20, choices=PlanKind.choices, default=PlanKind.MONTHLY)
    title = models.CharField(_("计划名称"), max_length=200)
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.SET_NULL,
        help_text=_("留空表示全公司计划。"),
    )
    starts_on = models.DateField(_("计划开始日期"), help_text=_("计划覆盖期间的第一天；各课程的培训时间在课程明细中填写。"))
    ends_on = models.DateField(_("计划结束日期"))
    needs_survey = models.ForeignKey(
        "lms.NeedsSurvey", verbose_name=_("依据的需求调研"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plans", help_text=_("计划依据的培训需求分析报告。"),
    )
    submitted_on = models.DateField(
        _("报批日期"), null=True, blank=True, help_text=_("留空按今天计算提前天数。")
    )
    status = models.CharField(_("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    panels = [
        FieldRowPanel(["kind", "department"]),
        "title",
        "needs_survey",
        FieldRowPanel(["starts_on", "ends_on", "submitted_on"]),
        HelpPanel(_("课程明细（课程、目标、内容、对象、时间、地点、师资、方式）在门户的培训计划页面编辑：人资部 › 培训计划 › 修改计划。")),
    ]

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("培训计划")
        verbose_name_plural = _("培训计划")
        permissions = [("approve_trainingplan", _("可以审批培训计划")),
                       ("review_trainingplan", _("可以审核培训计划（培训管理部门）"))]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    def get_absolute_url(self):
        return reverse("lms:plan", args=[self.pk])

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


class TrainingNeedsRequest(models.Model):
    """培训需求申请表: a department's training needs for one month, due by
    the configured day of the month before."""

    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.CASCADE,
                                   related_name="training_needs")
    month = models.DateField(_("需求月份"), help_text=_("该月任意一天，保存为当月 1 日。"))
    needs = models.TextField(_("培训需求"))
    participants = models.PositiveIntegerField(_("拟参训人数"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_on = models.DateField(_("提交日期"), default=timezone.localdate)

    panels = [FieldRowPanel(["department", "month"]), "needs", FieldRowPanel(["participants", "submitted_on"])]

    class Meta:
        ordering = ["-month", "department"]
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="lms_needs_department_month_unique"),
        ]
        verbose_name = _("培训需求申请表")
        verbose_name_plural = _("培训需求申请表")

    def __str__(self):
        return f"{self.department} · {self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.month:
            self.month = rules.month_start(self.month)
        super().save(*args, **kwargs)

    @property
    def due_on(self):
        return rules.needs_request_due(self.month, TrainingSettings.current().needs_request_due_day)

    @property
    def late(self):
        return self.submitted_on > self.due_on


class ChangeKind(models.TextChoices):
    PROMOTION = "promotion", _("晋升")
    TRANSFER = "transfer", _("调岗")


class ReviewResult(models.TextChoices):
    CONFIRMED = "confirmed", _("考核通过，正式任命")
    EXTENDED = "extended", _("延长培训期")
    NOT_CONFIRMED = "not_confirmed", _("未通过")


class PostChangeTraining(models.Model):
    """晋升/调岗培训期: three months (configurable) in the new post, then a
    work summary, reviewed by HR (``lms.review_postchangetraining``) or the
    new department's head before the formal appointment."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("员工"), on_delete=models.CASCADE,
                               related_name="post_changes")
    kind = models.CharField(_("类型"), max_length=20, choices=ChangeKind.choices)
    from_department = models.ForeignKey(Department, verbose_name=_("原部门"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    to_department = models.ForeignKey(Department, verbose_name=_("新部门"), null=True,
                                      on_delete=models.SET_NULL, related_name="+")
    to_role = models.ForeignKey(JobRole, verbose_name=_("新岗位"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    new_post = models.CharField(_("新职务"), max_length=100, blank=True)
    starts_on = models.DateField(_("培训期开始"))
    ends_on = models.DateField(_("培训期结束"), blank=True, help_text=_("留空按培训设置自动计算（默认三个月）。"))
    summary = models.TextField(_("工作总结"), blank=True)
    summary_submitted_at = models.DateTimeField(_("总结提交时间"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_result = models.CharField(_("审核结论"), max_length=20, choices=ReviewResult.choices, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    panels = [
        FieldRowPanel(["person", "kind"]),
        FieldRowPanel(["from_department", "to_department", "to_role"]),
        "new_post",
        FieldRowPanel(["starts_on", "ends_on"]),
    ]

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("晋升/调岗培训")
        verbose_name_plural = _("晋升/调岗培训")
        permissions = [("review_postchangetraining", _("可以审核晋升/调岗工作总结"))]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()} · {self.starts_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.starts_on and not self.ends_on:
            months = TrainingSettings.current().post_change_training_months
            self.ends_on = rules.post_change_period(self.starts_on, months)[1]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("lms:post_change", args=[self.pk])
