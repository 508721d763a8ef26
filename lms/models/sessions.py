"""Scheduled sessions with sign-in, satisfaction surveys (wagtail.contrib.forms)
and the trainer pool 师资库. A survey page is answered through
:mod:`lms.views.sessions` (named by dotted path, see :mod:`people.routing`)."""
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from people.models import person_name
from people.routing import route_view

from .. import rules
from .course_development import course_schedule_error


def new_signin_token():
    return secrets.token_urlsafe(16)


class AttendanceStatus(models.TextChoices):
    PRESENT = rules.PRESENT, _("出勤")
    LATE = rules.LATE, _("迟到")
    LEFT_EARLY = rules.LEFT_EARLY, _("早退")
    ABSENT = rules.ABSENT, _("缺勤")
    LEAVE = rules.LEAVE, _("请假")


class TrainingSession(models.Model):
    """A scheduled session (培训课堂). The sign-in link and its QR code work
    only inside the window :func:`lms.rules.signin_window` gives."""

    title = models.CharField(_("培训主题"), max_length=200)
    course = models.ForeignKey("lms.CoursePage", verbose_name=_("所属课程"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="sessions")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("培训师"), null=True,
                                on_delete=models.SET_NULL, related_name="sessions_taught")
    location = models.CharField(_("地点"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    signin_opens_minutes = models.PositiveSmallIntegerField(_("提前开放签到（分钟）"), default=15)
    late_after_minutes = models.PositiveSmallIntegerField(_("迟到判定（开始后分钟）"), default=5)
    early_before_minutes = models.PositiveSmallIntegerField(_("早退判定（结束前分钟）"), default=10)
    invitees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("应到人员"), blank=True,
                                      related_name="training_sessions")
    survey = models.ForeignKey("lms.SurveyPage", verbose_name=_("满意度调查问卷"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="sessions")
    signin_token = models.CharField(_("签到口令"), max_length=40, unique=True, default=new_signin_token,
                                    editable=False)
    closed_at = models.DateTimeField(_("考勤结算时间"), null=True, blank=True)
    discipline_notes = models.TextField(_("课堂纪律记录"), blank=True,
                                        help_text=_("培训中的纪律情况（迟到、早退、违纪等），随考勤报告客户联系人。"))
    customers_notified_at = models.DateTimeField(_("客户课前通知发送时间"), null=True, blank=True, editable=False)

    panels = [
        "title",
        FieldRowPanel(["course", "trainer"]),
        "location",
        FieldRowPanel(["starts_at", "ends_at"]),
        FieldRowPanel(["signin_opens_minutes", "late_after_minutes", "early_before_minutes"], heading=_("考勤规则")),
        FieldPanel("invitees", widget=forms.SelectMultiple(attrs={"size": 8})),
        "survey",
        "discipline_notes",
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("培训课堂")
        verbose_name_plural = _("培训课堂")

    def __str__(self):
        return f"{self.title}（{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}）"

    def get_absolute_url(self):
        return reverse("lms:session", args=[self.pk])
    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
        if self.trainer_id and not in_trainer_pool(self.trainer):
            raise ValidationError({"trainer": _("培训师须为师资库成员（经试讲入库且未退出）。")})
        if self.course_id:
            message = course_schedule_error(self.course_id)
            if message:
                raise ValidationError({"course": message})


    def signin_path(self):
        return reverse("lms:session_signin", args=[self.pk, self.signin_token])

    def signin_window(self):
        return rules.signin_window(self.starts_at, self.ends_at, self.signin_opens_minutes)

    def signin_open(self, now=None):
        return rules.signin_open(now or timezone.now(), self.starts_at, self.ends_at, self.signin_opens_minutes)


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, verbose_name=_("培训课堂"), on_delete=models.CASCADE,
                                related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE,
                             related_name="attendances")
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    status = models.CharField(_("考勤"), max_length=20, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.ABSENT)
    leave_reason = models.CharField(_("请假事由"), max_length=255, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  help_text=_("由培训师或人资部登记的考勤（请假、补登）。"))

    class Meta:
        ordering = ["session", "signed_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="lms_attendance_session_user_unique"),
        ]
        verbose_name = _("考勤记录")
        verbose_name_plural = _("考勤记录")

    def __str__(self):
        return f"{self.session} · {self.user} · {self.get_status_display()}"

    def recompute(self):
        if self.status == AttendanceStatus.LEAVE and self.signed_in_at is None:
            return self.status  # 请假 is registered, not computed from times
        s = self.session
        self.status = rules.attendance_status(
            self.signed_in_at, self.signed_out_at, s.starts_at, s.ends_at,
            s.late_after_minutes, s.early_before_minutes,
        )
        return self.status


# ---- satisfaction surveys ---------------------------------------------------

RATING = "rating"
SURVEY_FIELD_CHOICES = FORM_FIELD_CHOICES + ((RATING, _("评分（1–5 分）")),)


class SurveyFormBuilder(FormBuilder):
    def create_rating_field(self, field, options):
        """A 1–5 rating, 5 best; counted in the trainer's rating."""
        options["choices"] = [(str(i), str(i)) for i in range(5, 0, -1)]
        return forms.TypedChoiceField(widget=forms.RadioSelect, coerce=int, **options)


class SurveyPage(AbstractForm):
    """满意度调查问卷, built in the page editor. Answered once per person per
    session, by people who attended it: the link is ``?session=<id>``."""

    intro = RichTextField(_("说明"), blank=True)
    thank_you_text = RichTextField(_("提交后的感谢语"), blank=True)

    form_builder = SurveyFormBuilder
    content_panels = AbstractForm.content_panels + [
        "intro",
        InlinePanel("form_fields", label=_("问题")),
        "thank_you_text",
    ]
    parent_page_types = ["lms.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("满意度调查问卷")

    def get_submission_class(self):
        """Submissions record the person and the session (one per both)."""
        return SurveySubmission

    def process_form_submission(self, form):
        """Store the answers with ``form.user`` and ``form.session`` (set by
        :func:`lms.views.sessions.survey`)."""
        return SurveySubmission.objects.create(
            form_data=form.cleaned_data, page=self, user=form.user, session=form.session
        )

    def rating_fields(self):
        return [f for f in self.get_form_fields() if f.field_type == RATING]

    def session_for(self, request):
        """The session named in the request (``?session=``) that uses this survey."""
        try:
            session = self.sessions.get(pk=int(request.GET.get("session") or request.POST.get("session") or 0))
        except (ValueError, TrainingSession.DoesNotExist):
            return None
        return session

    def serve(self, request, *args, **kwargs):
        return route_view("lms.views.sessions.survey")(request, self, *args, **kwargs)


class SurveyField(AbstractFormField):
    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(verbose_name=_("问题类型"), max_length=16, choices=SURVEY_FIELD_CHOICES)
    field_type.required_on_save = True


class SurveySubmission(AbstractFormSubmission):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), on_delete=models.CASCADE,
                             related_name="+")
    session = models.ForeignKey(TrainingSession, verbose_name=_("培训课堂"), on_delete=models.CASCADE,
                                related_name="survey_submissions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "user", "session"], name="lms_survey_one_answer_per_person"),
        ]
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")

    def get_data(self):
        data = super().get_data()
        data.update(user=person_name(self.user), session=str(self.session))
        return data


# ---- the trainer pool ----------------------------------------------------------


class TrainerStatus(models.TextChoices):
    CANDIDATE = "candidate", _("候选（待试讲）")
    ADMITTED = "admitted", _("已入库")
    SUSPENDED = "suspended", _("暂停授课")
    REMOVED = "removed", _("已退出")


class Trainer(ClusterableModel):
    """师资库: a trainer's admission (by trial lecture), appraisals and
    removal (each recorded with its date, :class:`TrainerAppraisal`), and
    记过 records (:class:`TrainerDemerit`); ratings and trainee results are
    derived (see :mod:`lms.trainers`, shown in the pool's listing by
    :mod:`lms.admin.viewsets`). Only a pool member (admitted, not removed or
    suspended, :meth:`in_pool`) leads a plan-table stage or a session."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("培训师"), on_delete=models.CASCADE,
                                related_name="trainer_record")
    specialities = models.CharField(_("授课方向"), max_length=255, blank=True,
                                    help_text=_("如：产品结构与电气基础、故障分析、服务技能"))
    status = models.CharField(_("状态"), max_length=20, choices=TrainerStatus.choices,
                              default=TrainerStatus.CANDIDATE)
    trial_lecture_on = models.DateField(_("试讲日期"), null=True, blank=True)
    trial_lecture_score = models.DecimalField(_("试讲评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    admitted_on = models.DateField(_("入库日期"), null=True, blank=True)
    last_appraised_on = models.DateField(_("最近考评日期"), null=True, blank=True)
    appraisal_note = models.TextField(_("考评意见"), blank=True)
    removed_reason = models.CharField(_("退出原因"), max_length=255, blank=True)

    # Admission, appraisal, commendation, coaching and removal are actions
    # with a record (:mod:`lms.trainer_pool`, on the trainer's page), not
    # fields to edit: the admin names the candidate and their speciality.
    panels = [
        "user",
        "specialities",
        InlinePanel("demerits", heading=_("记过记录"), label=_("记过")),
    ]

    class Meta:
        ordering = ["status", "user__username"]
        verbose_name = _("培训师")
        verbose_name_plural = _("师资库")

    def __str__(self):
        return person_name(self.user)

    def clean(self):
        super().clean()
        if self.status == TrainerStatus.ADMITTED and self.trial_lecture_score is None:
            raise ValidationError({"trial_lecture_score": _("入库须先通过试讲并记录试讲评分。")})
        if self.status == TrainerStatus.REMOVED and not self.removed_reason:
            raise ValidationError({"removed_reason": _("请填写退出原因。")})

    def name(self):
        return str(self)

    name.short_description = _("培训师")

    def get_absolute_url(self):
        return reverse("lms:trainer", args=[self.pk])

    @property
    def in_pool(self):
        return self.status == TrainerStatus.ADMITTED

    def demerit_record(self):
        """记过记录, as the trainer's file shows them."""
        return "；".join(f"{d.decided_on} {d.reason}（{person_name(d.decided_by)}决定：{d.evidence}）"
                        for d in self.demerits.select_related("decided_by").order_by("decided_on")) or "—"

    demerit_record.short_description = _("记过记录")

    def appraisal_record(self):
        return "；".join(f"{a.on} {a.get_kind_display()}{f' {a.score}' if a.score is not None else ''}"
                        f"{f'：{a.note}' if a.note else ''}" for a in self.appraisals.order_by("on")) or "—"

    appraisal_record.short_description = _("考评与退出记录")


def in_trainer_pool(user):
    """Whether ``user`` is a member of the trainer pool 师资库: admitted after
    a trial lecture and neither suspended nor removed."""
    if user is None or user.pk is None:
        return False
    return Trainer.objects.filter(user=user, status=TrainerStatus.ADMITTED).exists()


class AppraisalKind(models.TextChoices):
    TRIAL = "trial", _("试讲入库")
    APPRAISAL = "appraisal", _("定期考评")
    COMMENDATION = "commendation", _("表彰奖励")
    COACHING = "coaching", _("辅导改进")
    SUSPENSION = "suspension", _("暂停授课")
    REMOVAL = "removal", _("退出师资库")


class TrainerAppraisal(Orderable):
    """A dated admission, appraisal, commendation, coaching or removal of a
    trainer (师资库的入库、考核、表彰、辅导与退出), with who recorded it and
    why. Admission keeps the evaluation (试讲、教学案例分析、学员评价), an
    appraisal its three parts (教学效果、学员满意度、培训计划执行情况); the
    entries are made by :mod:`lms.trainer_pool`."""

    trainer = ParentalKey(Trainer, on_delete=models.CASCADE, related_name="appraisals")
    kind = models.CharField(_("类别"), max_length=20, choices=AppraisalKind.choices)
    on = models.DateField(_("日期"))
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2, null=True, blank=True,
                                help_text=_("入库：试讲评分；考评：综合评分。"))
    case_score = models.DecimalField(_("教学案例分析评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    trainee_rating = models.DecimalField(_("学员评价"), max_digits=4, decimal_places=2, null=True, blank=True,
                                         help_text=_("学员评分均值（1–5 分）。"))
    teaching_score = models.DecimalField(_("教学效果"), max_digits=5, decimal_places=2, null=True, blank=True)
    satisfaction_score = models.DecimalField(_("学员满意度"), max_digits=5, decimal_places=2, null=True,
                                             blank=True)
    execution_score = models.DecimalField(_("培训计划执行情况"), max_digits=5, decimal_places=2, null=True,
                                          blank=True)
    note = models.TextField(_("意见/原因"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    panels = [FieldRowPanel(["kind", "on", "score"]),
              FieldRowPanel(["case_score", "trainee_rating"]),
              FieldRowPanel(["teaching_score", "satisfaction_score", "execution_score"]), "note"]

    class Meta(Orderable.Meta):
        verbose_name = _("考评与退出记录")
        verbose_name_plural = _("考评与退出记录")

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"


class TrainerDemerit(Orderable):
    """记过: a trainer found 不负责任、应付了事, with who decided, when and on
    what evidence; shown in the trainer's file."""

    trainer = ParentalKey(Trainer, on_delete=models.CASCADE, related_name="demerits")
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT,
                                   related_name="+")
    reason = models.CharField(_("事由"), max_length=255, default="不负责任、应付了事")
    evidence = models.TextField(_("依据（事实与证据）"))

    panels = [FieldRowPanel(["decided_on", "decided_by"]), "reason", "evidence"]

    class Meta(Orderable.Meta):
        verbose_name = _("记过记录")
        verbose_name_plural = _("记过记录")

    def __str__(self):
        return f"{self.decided_on} {self.reason}"
