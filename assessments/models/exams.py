"""Written exams 书面考卷: the exam page, its paper, attempts and answers,
and placement results 摸底考试结果.

Why not Wagtail's ``AbstractForm``: a form page's fields are fixed per page
and its submission is one POST stored once. An exam's questions come from
the question bank (snippets with revisions), are drawn and shuffled per
attempt and frozen as a snapshot; answers arrive many times (autosave, with
a sequence number) under a server-side timer and are finalised exactly once.
So :class:`ExamPage` keeps Wagtail's page machinery (tree, privacy,
publishing, revisions, InlinePanels for the paper) and
:class:`RoutablePageMixin` for the trainee's routes (served by
:mod:`assessments.views.exams`, named by dotted path), while the engine in
:mod:`assessments.attempts` plays the part of ``process_form_submission``.

The extension point, documented where it lives: :meth:`ExamPage.draw_questions`
(how a paper is assembled). What a final score sets off (the placement
result, a grade proposal, course completion) is one service,
:func:`assessments.outcomes.attempt_became_final`.
"""
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from people.models import person_name
from people.records import WriteOnceModel
from people.routing import ViewRestrictionsReadOnce, route_view

from .questions import Question, QuestionCategory, QuestionType

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ExamNotReady(Exception):
    """The exam cannot assemble a paper (no questions, too few in a category)."""


class ExamIndexPage(Page):
    """考试: the list of written exams under the home page."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["assessments.ExamPage"]
    max_count = 1

    class Meta:
        verbose_name = _("考试中心")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["exams"] = ExamPage.objects.live().child_of(self).order_by("-first_published_at")
        return context


class PaperMode(models.TextChoices):
    FIXED = "fixed", _("固定试卷（指定题目）")
    RANDOM = "random", _("随机抽题（按分类抽取）")


class ReviewWhen(models.TextChoices):
    NEVER = "never", _("不允许")
    AFTER_SUBMIT = "after_submit", _("交卷后")
    AFTER_CLOSE = "after_close", _("考试结束（关闭）后")


class ExamPurpose(models.TextChoices):
    """What an exam is for (售后服务人员培训管理办法): only the grading written
    exam 定级书面考试 and its 补考 are the written part of a grade."""

    PLACEMENT = "placement", _("摸底考试")
    QUIZ = "quiz", _("课程测验")
    GRADING = "grading", _("定级书面考试")
    RETAKE = "retake", _("补考")


#: Purposes whose final scores are the written part of a grade.
GRADING_PURPOSES = (ExamPurpose.GRADING, ExamPurpose.RETAKE)


class ExamPage(ViewRestrictionsReadOnce, RoutablePageMixin, Page):
    """一场书面考试（或摸底考试）: the paper (fixed or drawn per category),
    the rules (time limit, window, attempts and 补考, pass mark, review
    options) and its purpose. A placement test's levels come from the
    grade scheme's position bands (:mod:`assessments.rules.placement`). Not an
    ``AbstractForm``: see the module docstring for why."""

    intro = RichTextField(_("考试说明"), blank=True)
    paper_mode = models.CharField(_("组卷方式"), max_length=10, choices=PaperMode.choices, default=PaperMode.FIXED)
    shuffle_questions = models.BooleanField(_("题目乱序"), default=True, help_text=_("每次作答的题目顺序不同。"))
    shuffle_options = models.BooleanField(_("选项乱序"), default=True, help_text=_("每次作答的选项顺序不同。"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("考试时长（分钟）"), default=60,
                                                          validators=[MinValueValidator(1)])
    opens_at = models.DateTimeField(_("开放时间"), null=True, blank=True, help_text=_("留空表示发布后即可参加。"))
    closes_at = models.DateTimeField(_("关闭时间"), null=True, blank=True,
                                     help_text=_("此时间后不能开始作答，进行中的作答在此时间自动交卷。"))
    attempts_allowed = models.PositiveSmallIntegerField(_("正考次数"), default=1, validators=[MinValueValidator(1)])
    retakes_allowed = models.PositiveSmallIntegerField(
        _("补考次数"), default=1, help_text=_("正考次数用完且未通过（成绩已评定）后，可补考的次数。"))
    pass_mark = models.DecimalField(_("及格分（百分制）"), max_digits=5, decimal_places=2, default=Decimal("80"),
                                    validators=PERCENT_VALIDATORS, help_text=_("低于此分为不及格。"))
    review_marks = models.CharField(_("何时可查看得分"), max_length=20, choices=ReviewWhen.choices,
                                    default=ReviewWhen.AFTER_SUBMIT)
    review_answers = models.CharField(_("何时可查看正确答案"), max_length=20, choices=ReviewWhen.choices,
                                      default=ReviewWhen.AFTER_CLOSE)
    purpose = models.CharField(
        _("考试用途"), max_length=20, choices=ExamPurpose.choices, default=ExamPurpose.QUIZ,
        help_text=_("只有定级书面考试（及其补考）的成绩计入定职定级；摸底考试确定培训计划层级；课程测验不计入定级。"))
    subject = models.CharField(
        _("机种/培训内容"), max_length=120, blank=True, db_index=True,
        help_text=_("定级书面考试考核的机种或培训内容；培训人责任按此统计书面考试不合格率，请与实操考核的写法一致。"))
    retake_of = models.ForeignKey(
        "self", verbose_name=_("补考的原考试"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="retake_exams", limit_choices_to={"purpose": "grading"},
        help_text=_("用途为补考时必填：补考成绩取代原定级书面考试不及格的成绩。"))
    content_panels = Page.content_panels + [
        "intro",
        MultiFieldPanel([
            FieldRowPanel(["paper_mode", "shuffle_questions", "shuffle_options"]),
            InlinePanel("paper_questions", label=_("试题"), heading=_("固定试卷的题目")),
            InlinePanel("draw_rules", label=_("抽题规则"), heading=_("随机抽题规则")),
        ], heading=_("试卷")),
        MultiFieldPanel([
            FieldRowPanel(["time_limit_minutes", "opens_at", "closes_at"]),
            FieldRowPanel(["attempts_allowed", "retakes_allowed", "pass_mark"]),
            FieldRowPanel(["review_marks", "review_answers"]),
        ], heading=_("考试规则")),
        MultiFieldPanel([FieldRowPanel(["purpose", "retake_of"]), "subject"], heading=_("考试用途")),
    ]
    parent_page_types = ["assessments.ExamIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("书面考试")
        verbose_name_plural = _("书面考试")

    @property
    def is_placement(self):
        return self.purpose == ExamPurpose.PLACEMENT

    @is_placement.setter
    def is_placement(self, value):
        if value:
            self.purpose = ExamPurpose.PLACEMENT
        elif self.purpose == ExamPurpose.PLACEMENT:
            self.purpose = ExamPurpose.QUIZ

    @property
    def counts_for_grade(self):
        """Whether a final score here is the written part of a grade."""
        return self.purpose in GRADING_PURPOSES

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("关闭时间必须晚于开放时间。")})
        if self.purpose == ExamPurpose.RETAKE:
            if self.retake_of_id is None:
                raise ValidationError({"retake_of": _("补考须指定原定级书面考试。")})
            if self.retake_of.purpose != ExamPurpose.GRADING or (self.pk and self.retake_of_id == self.pk):
                raise ValidationError({"retake_of": _("补考只能针对定级书面考试。")})
        elif self.retake_of_id is not None:
            raise ValidationError({"retake_of": _("只有用途为补考的考试才能指定原考试。")})

    # ---- rules that read the page's settings ---------------------------------

    def is_closed(self, now):
        return self.closes_at is not None and now >= self.closes_at

    def deadline_for(self, started_at):
        """Start + time limit, capped at the close of the exam."""
        deadline = started_at + datetime.timedelta(minutes=self.time_limit_minutes)
        if self.closes_at is not None:
            deadline = min(deadline, self.closes_at)
        return deadline

    def draw_questions(self, rng):
        """Override to change how a paper is assembled. Returns ``[(question,
        points or None)]`` using only ``rng`` for chance, so that the draw is
        reproducible from the attempt's stored seed. Raises :class:`ExamNotReady`."""
        if self.paper_mode == PaperMode.FIXED:
            rows = list(self.paper_questions.select_related("question__category").order_by("sort_order", "pk"))
            chosen = [(row.question, row.points) for row in rows if row.question.active]
            if not chosen:
                raise ExamNotReady(_("试卷中没有可用的题目，请联系出题部门。"))
            return chosen
        chosen, used = [], set()
        for rule in self.draw_rules.select_related("category").order_by("sort_order", "pk"):
            candidates = Question.objects.filter(category=rule.category, active=True).exclude(pk__in=used)
            if rule.qtype:
                candidates = candidates.filter(qtype=rule.qtype)
            candidates = list(candidates.select_related("category").order_by("pk"))
            if len(candidates) < rule.count:
                raise ExamNotReady(_("“%(category)s”可用题目只有 %(have)s 道，抽题规则需要 %(need)s 道。") % {
                    "category": rule.category, "have": len(candidates), "need": rule.count})
            for question in rng.sample(candidates, rule.count):
                used.add(question.pk)
                chosen.append((question, rule.points))
        if not chosen:
            raise ExamNotReady(_("没有设置抽题规则，请联系出题部门。"))
        return chosen

    # ---- the trainee's routes (views in assessments.views.exams) ------------

    def serve(self, request, *args, **kwargs):
        denied = route_view("assessments.views.exams.check_access")(request, self)
        if denied is not None:
            return denied
        return super().serve(request, *args, **kwargs)

    @path("")
    def overview(self, request):
        return route_view("assessments.views.exams.overview")(request, self)

    @path("start/")
    def start(self, request):
        return route_view("assessments.views.exams.start")(request, self)

    @path("attempt/<int:attempt_id>/")
    def attempt(self, request, attempt_id):
        return route_view("assessments.views.exams.take")(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/save/")
    def save_answers(self, request, attempt_id):
        return route_view("assessments.views.exams.autosave")(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/submit/")
    def submit(self, request, attempt_id):
        return route_view("assessments.views.exams.submit")(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/result/")
    def result(self, request, attempt_id):
        return route_view("assessments.views.exams.result")(request, self, attempt_id)


class ExamQuestion(Orderable):
    """A question chosen for a fixed paper."""

    page = ParentalKey(ExamPage, on_delete=models.CASCADE, related_name="paper_questions")
    question = models.ForeignKey(Question, verbose_name=_("题目"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("本卷分值"), max_digits=5, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0.01"))], help_text=_("留空则用题目分值。"))

    panels = ["question", "points"]

    class Meta(Orderable.Meta):
        verbose_name = _("试题")
        verbose_name_plural = _("试题")


class ExamDrawRule(Orderable):
    """Draw ``count`` questions from a category (optionally of one type)."""

    page = ParentalKey(ExamPage, on_delete=models.CASCADE, related_name="draw_rules")
    category = models.ForeignKey(QuestionCategory, verbose_name=_("分类"), on_delete=models.PROTECT,
                                 related_name="+")
    qtype = models.CharField(_("题型"), max_length=20, choices=QuestionType.choices, blank=True,
                             help_text=_("留空表示不限题型。"))
    count = models.PositiveSmallIntegerField(_("抽题数"), default=5, validators=[MinValueValidator(1)])
    points = models.DecimalField(_("每题分值"), max_digits=5, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0.01"))], help_text=_("留空则用题目分值。"))

    panels = [FieldRowPanel(["category", "qtype", "count", "points"])]

    class Meta(Orderable.Meta):
        verbose_name = _("抽题规则")
        verbose_name_plural = _("抽题规则")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("作答中")
    MARKING = "marking", _("已交卷，待阅卷")
    FINAL = "final", _("成绩已评定")


class CloseReason(models.TextChoices):
    SUBMITTED = "submitted", _("考生交卷")
    TIMED_OUT = "timed_out", _("超时自动交卷")


class AttemptQuerySet(models.QuerySet):
    def with_effective_result(self):
        """Annotate ``effective_score`` and ``effective_passed``: the result in
        force, the latest correction's (:class:`ScoreCorrection`) or the
        attempt's own. Every listing, report and rule that reads a final
        written score reads these (one row per attempt, one query)."""
        latest = ScoreCorrection.objects.filter(attempt=OuterRef("pk")).order_by("-corrected_at", "-pk")
        return self.annotate(
            effective_score=Coalesce(Subquery(latest.values("score_after")[:1]), F("score"),
                                     output_field=models.DecimalField(max_digits=5, decimal_places=2)),
            effective_passed=Coalesce(Subquery(latest.values("passed_after")[:1]), F("passed"),
                                      output_field=models.BooleanField()),
        )


class ExamAttempt(models.Model):
    """One sitting of an exam by one person. ``questions`` is the paper as
    drawn (snapshots, in the order shown, options shuffled); the server sets
    ``started_at`` and ``deadline``; ``seq`` is the newest autosave accepted."""

    # Saved on every autosave and submit: kept out of Wagtail's reference
    # index (its post-save handler costs a savepoint and a query each time;
    # an exam's usage is not its attempts).
    wagtail_reference_index_ignore = True

    exam = models.ForeignKey(ExamPage, verbose_name=_("考试"), on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("考生"), on_delete=models.PROTECT,
                             related_name="exam_attempts")
    number = models.PositiveSmallIntegerField(_("第几次作答"), default=1)
    is_retake = models.BooleanField(_("补考"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=AttemptStatus.choices,
                              default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("截止时间"))
    seed = models.BigIntegerField(_("乱序种子"))
    questions = models.JSONField(_("试卷快照"), default=list)
    seq = models.PositiveBigIntegerField(_("最新保存序号"), default=0)
    last_saved_at = models.DateTimeField(_("最近保存时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    close_reason = models.CharField(_("交卷方式"), max_length=20, choices=CloseReason.choices, blank=True)
    points = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(_("满分"), max_digits=7, decimal_places=2, default=Decimal(0))
    score = models.DecimalField(_("成绩（百分制）"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True)
    finalised_at = models.DateTimeField(_("成绩评定时间"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "user", "number"], name="assessments_attempt_number_unique"),
            models.UniqueConstraint(fields=["exam", "user"], condition=Q(status="in_progress"),
                                    name="assessments_attempt_one_in_progress"),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="assessments_attempt_due")]
        verbose_name = _("考试作答")
        verbose_name_plural = _("考试作答")

    def __str__(self):
        return _("%(user)s · %(exam)s · 第%(n)s次") % {"user": self.user, "exam": self.exam.title, "n": self.number}

    @property
    def is_in_progress(self):
        return self.status == AttemptStatus.IN_PROGRESS

    def question_map(self):
        return {q["key"]: q for q in self.questions}

    def remaining_seconds(self, now):
        return max(0, int((self.deadline - now).total_seconds()))

    def result_in_force(self):
        """(score, passed) in force: the latest correction's, else the
        attempt's own. Uses :meth:`AttemptQuerySet.with_effective_result`'s
        annotations when the attempt was read with them (no query), else
        asks for the latest correction."""
        if hasattr(self, "effective_score"):
            score = self.effective_score
            # SQLite hands computed decimals back unquantized (100, not 100.00)
            return (score.quantize(Decimal("0.01")) if score is not None else None), self.effective_passed
        latest = self.corrections.order_by("-corrected_at", "-pk").first()
        if latest is not None:
            return latest.score_after, latest.passed_after
        return self.score, self.passed

    @property
    def score_in_force(self):
        return self.result_in_force()[0]

    score_in_force.fget.short_description = _("有效成绩")

    @property
    def passed_in_force(self):
        return self.result_in_force()[1]

    passed_in_force.fget.short_description = _("有效结果")

    def score_history(self):
        """The original score and every correction after it, oldest first:
        [{"at", "who", "score", "passed", "reason", "before", "is_correction"}]."""
        rows = []
        if self.finalised_at is not None:
            rows.append({"at": self.finalised_at, "who": None, "score": self.score, "passed": self.passed,
                         "before": None, "reason": "", "is_correction": False})
        for c in self.corrections.order_by("corrected_at", "pk").select_related("corrected_by"):
            rows.append({"at": c.corrected_at, "who": c.corrected_by, "score": c.score_after,
                         "passed": c.passed_after, "before": c.score_before, "reason": c.reason,
                         "is_correction": True})
        return rows

    def correction_history(self):
        """The original score and each correction after it (who, when, from,
        to, why), as text (shown in the admin's 查看 page of the attempt)."""
        lines = []
        for row in self.score_history():
            at = timezone.localtime(row["at"]).strftime("%Y-%m-%d %H:%M")
            if row["is_correction"]:
                lines.append(_("%(at)s %(who)s 更正：%(before)s → %(after)s（理由：%(reason)s）") % {
                    "at": at, "who": person_name(row["who"]), "before": row["before"], "after": row["score"],
                    "reason": row["reason"]})
            else:
                lines.append(_("%(at)s 原始成绩：%(score)s") % {"at": at, "score": row["score"]})
        return "\n".join(lines) or _("无")

    correction_history.short_description = _("成绩更正记录")


class ExamAnswer(models.Model):
    """A person's answer to one question of an attempt. ``response`` is what
    they chose or wrote (option keys, ``true``/``false``, or text); points are
    set when the attempt is closed (objective) or by a marker (short answer)."""

    wagtail_reference_index_ignore = True  # as its attempt's

    attempt = models.ForeignKey(ExamAttempt, verbose_name=_("作答"), on_delete=models.CASCADE,
                                related_name="answers")
    key = models.CharField(_("题号"), max_length=10)
    response = models.JSONField(_("作答内容"), null=True, blank=True)
    seq = models.PositiveBigIntegerField(_("保存序号"), default=0)
    saved_at = models.DateTimeField(_("保存时间"), null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    needs_marking = models.BooleanField(_("待人工阅卷"), default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("阅卷人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(_("阅卷时间"), null=True, blank=True)
    marker_comment = models.TextField(_("阅卷意见"), blank=True)

    class Meta:
        ordering = ["attempt", "pk"]
        constraints = [models.UniqueConstraint(fields=["attempt", "key"], name="assessments_answer_key_unique")]
        permissions = [("mark_examanswer", _("可以批阅简答题"))]
        verbose_name = _("答题")
        verbose_name_plural = _("答题")

    def __str__(self):
        return f"{self.attempt_id} · {self.key}"


class ScoreCorrection(WriteOnceModel):
    """A correction of a final written score: the re-mark of one short answer
    (or of the whole paper), with who, when and why. The attempt and its
    answers stay as they were (the database refuses to change them); the
    score in force is the latest correction's (``ExamAttempt`` ·
    ``assessments.corrections.current_result``). Written only by
    ``assessments.corrections.correct_mark``."""

    attempt = models.ForeignKey(ExamAttempt, verbose_name=_("作答"), on_delete=models.PROTECT,
                                related_name="corrections")
    answer = models.ForeignKey(ExamAnswer, verbose_name=_("复核的答题"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="corrections")
    points_before = models.DecimalField(_("原得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    points_after = models.DecimalField(_("更正后得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    score_before = models.DecimalField(_("原成绩"), max_digits=5, decimal_places=2)
    score_after = models.DecimalField(_("更正后成绩"), max_digits=5, decimal_places=2)
    passed_after = models.BooleanField(_("更正后是否通过"))
    reason = models.TextField(_("更正理由"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("更正人"), on_delete=models.PROTECT,
                                     related_name="+")
    corrected_at = models.DateTimeField(_("更正时间"), default=timezone.now)

    changed_message = _("成绩更正记录一经保存不可修改。")
    deleted_message = _("成绩更正记录不可删除。")

    class Meta:
        ordering = ["attempt", "corrected_at", "pk"]
        verbose_name = _("成绩更正")
        verbose_name_plural = _("成绩更正")

    def __str__(self):
        return f"{self.attempt} · {self.score_before} → {self.score_after}"


class PlacementResult(models.Model):
    """摸底考试结果: the position and plan level a final placement attempt
    (with a practical part, when one is held) gives the trainee, by the
    grade scheme's position bands.
    Applied to their plan table (培训计划表) at once if it is still being drawn
    up, or when one is created later (see :mod:`assessments.placement_results`)."""

    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受训人"), on_delete=models.PROTECT,
                                related_name="placement_results")
    attempt = models.OneToOneField(ExamAttempt, verbose_name=_("摸底考试作答"), on_delete=models.PROTECT,
                                   related_name="placement")
    written_score = models.DecimalField(_("摸底书面成绩"), max_digits=5, decimal_places=2, null=True)
    practical_score = models.DecimalField(_("摸底实际操作成绩"), max_digits=5, decimal_places=2, null=True,
                                          blank=True, help_text=_("必要时进行实际操作摸底，成绩与书面成绩取平均。"))
    practical_note = models.CharField(_("实际操作摸底说明"), max_length=255, blank=True)
    score = models.DecimalField(_("摸底考试成绩"), max_digits=5, decimal_places=2)
    position = models.CharField(_("定位"), max_length=20, blank=True, help_text=_("储备、技工或工程师。"))
    level = models.CharField(_("培训计划层级"), max_length=20)
    reason = models.CharField(_("定位依据"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("评定时间"), default=timezone.now)
    table = models.ForeignKey("lms.TraineePlanTable", verbose_name=_("培训计划表"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(_("应用时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("摸底考试结果")
        verbose_name_plural = _("摸底考试结果")

    def __str__(self):
        return f"{self.trainee} · {self.score} · {self.level}"
