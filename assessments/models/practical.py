"""Practical exams 实际操作考核 (售后服务人员培训管理办法).

A :class:`PracticalExam` is one trainee's exam on one machine model or
training content: tasks of kind 安装/调试/维修/保养, each with rubric items
(description, max points), the trainee's trainer (主导培训人, held
accountable for the failure rate) and a panel of examiners
(:class:`ExaminerAssignment`), each from 技术部, 工艺工程部, 品管, 售后部 or
生产部.

Each examiner submits one :class:`ScoreSheet` (with its
:class:`ScoreLine` rows): written once, never changed. When the last sheet
is in and all five departments have scored, the exam is final: its score is
the mean over the departments (examiners of one department averaged first,
totals normalised to 0–100), a large spread between examiners is flagged for
HR, and below the pass mark fails. A retake 补考 is a new exam with ``retake_of``
set. The rules are in :mod:`assessments.rules.panel` (the panel's result
from each sheet's :attr:`ScoreSheet.score`)
and :mod:`assessments.rules.accountability` (trainer penalties, dealer
fees); submitting and finalising are :mod:`assessments.scoring`.

:class:`ContinuedTraining` records an office/dealer trainee (办事处/经销商,
``lms.TraineePlanTable.source``) who failed and insists on continuing: the
days they train on are charged at the scheme's daily fee.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from lms.models import TraineePlanTable, TraineeSource
from people.models import person_name
from people.records import WriteOnceModel

from ..terms.money import HUNDRED, to_decimal
from ..terms.scheme import NoSchemeInForce
from .scheme import GradingScheme

#: The departments an examiner may come from, and each of which must score
#: before a result stands (people.demo.DEPARTMENTS codes):
#: 技术部, 工艺工程部, 品管部, 售后部, 生产部.
PANEL_DEPARTMENT_CODES = ("technical", "engineering", "quality", "after-sales", "production")
#: Their names, for messages when a department is not in the database yet.
PANEL_DEPARTMENT_LABELS = {"technical": _("技术部"), "engineering": _("工艺工程部"), "quality": _("品管部"),
                           "after-sales": _("售后部"), "production": _("生产部")}

#: Flag a panel for HR when max − min of the examiners' scores reaches this.
DEFAULT_SPREAD_THRESHOLD = Decimal(15)


class TaskKind(models.TextChoices):
    INSTALL = "install", _("安装")
    COMMISSION = "commission", _("调试")
    REPAIR = "repair", _("维修")
    MAINTAIN = "maintain", _("保养")


class RubricItemBlock(blocks.StructBlock):
    description = blocks.CharBlock(label=_("评分项"), max_length=255)
    max_points = blocks.DecimalBlock(label=_("满分"), min_value=Decimal("0.5"), max_value=1000,
                                     max_digits=6, decimal_places=1)

    class Meta:
        icon = "list-ul"
        label = _("评分项")


class PracticalTaskBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=TaskKind.choices, label=_("类型"))
    title = blocks.CharBlock(label=_("考核任务"), max_length=200)
    unit = blocks.CharBlock(label=_("考核机台"), max_length=200, required=False,
                            help_text=_("返修机或不良机的编号、型号。"))
    items = blocks.ListBlock(RubricItemBlock(), label=_("评分细则"), min_num=1)

    class Meta:
        icon = "cog"
        label = _("考核任务")


class WrittenOnceModel(WriteOnceModel):
    """A submitted score sheet and its lines: saved once, never changed."""

    changed_message = _("评分表提交后不能修改。")
    deleted_message = _("评分表提交后不能删除。")

    class Meta:
        abstract = True


class PracticalExamQuerySet(models.QuerySet):
    def final(self):
        """Exams whose panel is complete: the result stands."""
        return self.filter(finalised_at__isnull=False)

    def assigned_to(self, user):
        """Exams on which ``user`` sits on the panel."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(examiners__examiner=user).distinct()


class PracticalExam(ClusterableModel):
    """实际操作考核: one trainee, one machine model or content, one panel."""

    title = models.CharField(_("考核名称"), max_length=200, default="实际操作考核")
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受训人"), on_delete=models.PROTECT,
                                related_name="practical_exams")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("主导培训人"), on_delete=models.PROTECT,
        related_name="trained_practical_exams",
        help_text=_("同一机种或培训内容的不合格率由其负责（培训人责任）。"),
    )
    machine_model = models.CharField(_("机种/培训内容"), max_length=120, db_index=True,
                                     help_text=_("培训人责任按此统计不合格率，请统一写法。"))
    scheduled_on = models.DateField(_("考核日期"), default=timezone.localdate)
    location = models.CharField(_("考核地点"), max_length=200, blank=True)
    tasks = StreamField([("task", PracticalTaskBlock())], verbose_name=_("考核任务与评分细则"),
                        help_text=_("安装、调试、维修、保养等任务，每项任务列出评分项及满分。"))
    pass_mark = models.DecimalField(
        _("合格线（分）"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("留空则取考核日期生效的定级与薪资方案的合格线（现行为 80 分）。"),
    )
    spread_threshold = models.DecimalField(
        _("分差提示线（分）"), max_digits=5, decimal_places=2, default=DEFAULT_SPREAD_THRESHOLD,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("各考评人折算成绩的最高分与最低分之差达到此值时，提示人资部复核。"),
    )
    open_for_scoring = models.BooleanField(_("开放评分"), default=False,
                                           help_text=_("考核任务与考评小组确定后开放，考评人方可提交评分。"))
    retake_of = models.ForeignKey("self", verbose_name=_("补考的原考核"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="retakes")
    note = models.TextField(_("备注"), blank=True)

    score = models.DecimalField(_("考核成绩"), max_digits=5, decimal_places=2, null=True, blank=True,
                                editable=False)
    spread = models.DecimalField(_("考评人分差"), max_digits=5, decimal_places=2, null=True, blank=True,
                                 editable=False)
    spread_flagged = models.BooleanField(_("分差过大"), default=False, editable=False)
    passed = models.BooleanField(_("是否合格"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("评分完成时间"), null=True, blank=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = PracticalExamQuerySet.as_manager()

    panels = [
        MultiFieldPanel([
            "title",
            FieldRowPanel(["trainee", "trainer"]),
            FieldRowPanel(["machine_model", "scheduled_on"]),
            "location",
            "retake_of",
        ], heading=_("考核信息")),
        FieldPanel("tasks"),
        InlinePanel("examiners", heading=_("考评小组"), label=_("考评人"), min_num=1),
        MultiFieldPanel([FieldRowPanel(["pass_mark", "spread_threshold"]), "open_for_scoring", "note"],
                        heading=_("评分设置")),
    ]

    class Meta:
        ordering = ["-scheduled_on", "-pk"]
        verbose_name = _("实操考核")
        verbose_name_plural = _("实操考核")
        permissions = [
            ("view_assessment_reports", _("可以查看考核与薪资报表")),
            ("use_payroll_api", _("可以持有薪资接口令牌")),
        ]

    def __str__(self):
        label = _("补考") if self.retake_of_id else self.title
        return f"{person_name(self.trainee)} · {self.machine_model} · {label}（{self.scheduled_on}）"

    @property
    def is_final(self):
        return self.finalised_at is not None

    @property
    def attempt(self):
        """1 for the first exam, 2 for its retake, and so on."""
        n, exam = 1, self
        while exam.retake_of_id:
            n, exam = n + 1, exam.retake_of
        return n

    def get_status_display(self):
        if self.is_final:
            return _("合格") if self.passed else _("不合格")
        if self.open_for_scoring:
            return _("评分中")
        return _("筹备中")

    def panel_status(self):
        """评分部门: which of the five departments have scored and which not yet."""
        scored = set(self.score_sheets.values_list("department__code", flat=True))
        waiting = [str(PANEL_DEPARTMENT_LABELS[code]) for code in PANEL_DEPARTMENT_CODES if code not in scored]
        if not waiting:
            return _("五个部门均已评分")
        return _("尚未评分的部门：%(missing)s") % {"missing": "、".join(waiting)}

    panel_status.short_description = _("评分部门")

    def rubric(self):
        """The rubric as plain rows: ``(task_index, task, item_id, item)``
        for every item, in order. ``item_id`` is the stream's stable block id."""
        rows = []
        for index, task in enumerate(self.tasks):
            for item in task.value["items"].bound_blocks:
                rows.append((index, task.value, item.id, item.value))
        return rows

    def max_total(self):
        return sum((item["max_points"] for *_ignored, item in self.rubric()), Decimal(0))

    def clean(self):
        super().clean()
        errors = {}
        if self.trainee_id and self.trainer_id and self.trainee_id == self.trainer_id:
            errors["trainer"] = _("受训人不能是自己的主导培训人。")
        if self.retake_of_id:
            original = self.retake_of
            if original.pk == self.pk:
                errors["retake_of"] = _("补考不能指向本考核。")
            elif not original.is_final or original.passed:
                errors["retake_of"] = _("只有已完成且不合格的考核才能补考。")
            elif self.trainee_id and original.trainee_id != self.trainee_id:
                errors["retake_of"] = _("补考须与原考核为同一受训人。")
        if self.pass_mark is None and "pass_mark" not in errors:
            try:
                GradingScheme.objects.rules_on(self.scheduled_on)
            except NoSchemeInForce as error:
                errors["pass_mark"] = str(error)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pass_mark is None:
            self.pass_mark = GradingScheme.objects.rules_on(self.scheduled_on).pass_mark
        super().save(*args, **kwargs)


class ExaminerAssignment(Orderable):
    """One member of an exam's panel (考评人) and the department they score for."""

    exam = ParentalKey(PracticalExam, verbose_name=_("实操考核"), on_delete=models.CASCADE,
                       related_name="examiners")
    examiner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("考评人"), on_delete=models.PROTECT,
                                 related_name="examiner_assignments")
    department = models.ForeignKey(
        "people.Department", verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"code__in": PANEL_DEPARTMENT_CODES},
        help_text=_("技术部、工艺工程部、品管部、售后部或生产部。"),
    )

    panels = [FieldRowPanel(["examiner", "department"])]

    class Meta(Orderable.Meta):
        verbose_name = _("考评人")
        verbose_name_plural = _("考评小组")
        constraints = [models.UniqueConstraint(fields=["exam", "examiner"], name="practical_examiner_once")]

    def __str__(self):
        return f"{person_name(self.examiner)}（{self.department}）"

    def clean(self):
        super().clean()
        if self.department_id and self.department.code not in PANEL_DEPARTMENT_CODES:
            raise ValidationError({"department": _("考评人须来自技术部、工艺工程部、品管部、售后部或生产部。")})
        if self.examiner_id and self.exam_id and self.examiner_id == self.exam.trainee_id:
            raise ValidationError({"examiner": _("受训人不能担任自己的考评人。")})


def normalised_score(total, max_total):
    """An examiner's total on a 0–100 scale (exact, not rounded)."""
    total, max_total = to_decimal(total, _("得分合计")), to_decimal(max_total, _("满分合计"))
    if max_total <= 0:
        raise ValueError(_("满分合计必须大于 0。"))
    if total < 0 or total > max_total:
        raise ValueError(_("得分合计必须在 0 到满分之间。"))
    return total * HUNDRED / max_total


class ScoreSheet(WrittenOnceModel):
    """One examiner's submitted scores for one exam: written once."""

    exam = models.ForeignKey(PracticalExam, verbose_name=_("实操考核"), on_delete=models.PROTECT,
                             related_name="score_sheets")
    examiner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("考评人"), on_delete=models.PROTECT,
                                 related_name="practical_score_sheets")
    department = models.ForeignKey("people.Department", verbose_name=_("所属部门"), on_delete=models.PROTECT,
                                   related_name="+")
    total = models.DecimalField(_("得分合计"), max_digits=9, decimal_places=2)
    max_total = models.DecimalField(_("满分合计"), max_digits=9, decimal_places=1)
    comment = models.TextField(_("评语"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        ordering = ["exam", "submitted_at", "pk"]
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [models.UniqueConstraint(fields=["exam", "examiner"], name="practical_sheet_once")]

    def __str__(self):
        return f"{self.exam} · {self.examiner}"

    @property
    def score(self):
        """The sheet's total normalised to 0–100 (exact)."""
        return normalised_score(self.total, self.max_total)


class ScoreLine(WrittenOnceModel):
    """The points one examiner gave one rubric item, with the item as it was."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("评分表"), on_delete=models.PROTECT, related_name="lines")
    item_id = models.CharField(_("评分项编号"), max_length=64)
    task_kind = models.CharField(_("任务类型"), max_length=20, choices=TaskKind.choices)
    task_title = models.CharField(_("考核任务"), max_length=200)
    description = models.CharField(_("评分项"), max_length=255)
    max_points = models.DecimalField(_("满分"), max_digits=6, decimal_places=1)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["sheet", "pk"]
        verbose_name = _("评分明细")
        verbose_name_plural = _("评分明细")

    def __str__(self):
        return f"{self.description}: {self.points}/{self.max_points}"


def is_dealer_trainee(user):
    """Whether ``user`` was sent by an office or dealer (办事处/经销商): the
    ``source`` of their training plan table (``lms.TraineePlanTable``)."""
    return TraineePlanTable.objects.filter(trainee=user, source=TraineeSource.DEALER).exists()


class ContinuedTraining(models.Model):
    """委培人员补训记录: an office/dealer trainee who failed and insists on
    continuing, and the days of training they are charged for.

    ``daily_fee`` is taken from the scheme in force on ``started_on`` when
    the record is created (200 CNY/day in the current policy). An open
    record (no ``ended_on``) runs up to today. The fee is computed by
    :func:`assessments.rules.accountability.continuation_fee`."""

    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受训人"), on_delete=models.PROTECT,
                                related_name="continued_trainings")
    sponsor = models.CharField(_("派遣单位（办事处/经销商）"), max_length=200)
    failed_exam = models.ForeignKey(
        PracticalExam, verbose_name=_("不合格的考核"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="continued_trainings", help_text=_("因书面考试不合格而继续培训时可留空，在备注中说明。"),
    )
    started_on = models.DateField(_("继续培训开始日期"))
    ended_on = models.DateField(_("继续培训结束日期"), null=True, blank=True, help_text=_("仍在培训中则留空。"))
    daily_fee = models.DecimalField(_("补训费（元/天）"), max_digits=10, decimal_places=2, editable=False)
    scheme_label = models.CharField(_("收费依据方案"), max_length=255, editable=False, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now, editable=False)

    panels = [
        FieldRowPanel(["trainee", "sponsor"]),
        "failed_exam",
        FieldRowPanel(["started_on", "ended_on"]),
        "note",
    ]

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("委培人员继续培训")
        verbose_name_plural = _("委培人员继续培训")

    def __str__(self):
        return f"{person_name(self.trainee)} · {self.sponsor}（{self.started_on} 起）"

    def save(self, *args, **kwargs):
        if self.daily_fee is None:
            rules = GradingScheme.objects.rules_on(self.started_on)
            self.daily_fee, self.scheme_label = rules.dealer_daily_fee, rules.label[:255]
        super().save(*args, **kwargs)
    def clean(self):
        super().clean()
        errors = {}
        if self.trainee_id and not is_dealer_trainee(self.trainee):
            errors["trainee"] = _("只有办事处/经销商派遣的受训人员（培训计划表中的人员来源）才收取补训费。")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("结束日期不能早于开始日期。")
        if self.failed_exam_id:
            exam = self.failed_exam
            if self.trainee_id and exam.trainee_id != self.trainee_id:
                errors["failed_exam"] = _("所选考核不是该受训人的考核。")
            elif not exam.is_final or exam.passed:
                errors["failed_exam"] = _("所选考核尚未完成或已合格。")
        if self.started_on and not self.pk:
            try:
                GradingScheme.objects.rules_on(self.started_on)
            except NoSchemeInForce as error:
                errors["started_on"] = str(error)
        if errors:
            raise ValidationError(errors)

