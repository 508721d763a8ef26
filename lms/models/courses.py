"""Courses as Wagtail pages, their lessons and certificates. The pages' routes
are served by :mod:`lms.views.learning` (named by dotted path, see
:mod:`people.routing`)."""
import secrets

from django import forms
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from people.models import Department, JobRole
from people.routing import ViewRestrictionsReadOnce, route_view

from .enrolment import Enrolment


class Track(models.TextChoices):
    ONBOARDING = "onboarding", _("岗前/入职培训")
    IN_SERVICE = "in_service", _("在职/在岗轮训")


class AfterSalesLevel(models.TextChoices):
    """售后服务人员培训计划的三个层级（由摸底考试确定）。"""

    BASIC = "basic", _("基础（储备）")
    INTERMEDIATE = "intermediate", _("中级（技工）")
    ADVANCED = "advanced", _("高级（工程师）")


class LessonKind(models.TextChoices):
    TEXT = "text", _("图文")
    FILE = "file", _("文件")
    VIDEO = "video", _("视频")
    POLICY = "policy", _("制度阅读")


def check_view_restrictions(page, request):
    """RoutablePageMixin routes must honour the page's privacy settings too."""
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise PermissionDenied(_("您无权查看此页面。"))


class CourseIndexPage(Page):
    """培训课程: the course catalogue under the home page."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["lms.CoursePage", "lms.SurveyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("课程库")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.live().child_of(self).prefetch_related("target_departments", "target_roles")
        enrolled = {}
        if request.user.is_authenticated:
            enrolled = {e.course_id: e for e in Enrolment.objects.filter(user=request.user)}
        context["tracks"] = [
            (label, [(c, enrolled.get(c.pk)) for c in courses if c.track == value])
            for value, label in Track.choices
        ]
        return context


class CoursePage(ViewRestrictionsReadOnce, RoutablePageMixin, Page):
    """One course: its track, who it is for, its lessons (an orderable inline)
    and, optionally, a final exam from the assessments app."""

    track = models.CharField(_("培训类别"), max_length=20, choices=Track.choices, default=Track.ONBOARDING)
    after_sales_level = models.CharField(
        _("售后培训层级"), max_length=20, choices=AfterSalesLevel.choices, blank=True,
        help_text=_("仅售后服务人员培训计划使用：基础（储备）、中级（技工）、高级（工程师）。"),
    )
    summary = RichTextField(_("课程介绍"), blank=True)
    target_departments = ParentalManyToManyField(
        Department, verbose_name=_("适用部门"), blank=True, related_name="+",
        help_text=_("留空表示适用于全体部门。"),
    )
    target_roles = ParentalManyToManyField(
        JobRole, verbose_name=_("适用岗位"), blank=True, related_name="+",
        help_text=_("留空表示适用于全体岗位。"),
    )
    auto_enrol = models.BooleanField(
        _("新员工自动报名"), default=True,
        help_text=_("岗前/入职课程：适用部门的新员工入职时自动报名。"),
    )
    due_days = models.PositiveSmallIntegerField(
        _("完成期限（天）"), default=30, help_text=_("自动报名后须在此天数内完成。")
    )
    issues_certificate = models.BooleanField(_("颁发结业证书"), default=True)
    # The final exam comes from the assessments app, which stands above this
    # one: a generic link, so that the LMS never imports it; the exam reports
    # the result through :func:`lms.progress.record_exam_result`.
    exam_content_type = models.ForeignKey(
        ContentType, verbose_name=_("结业考试类型"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    exam_object_id = models.PositiveBigIntegerField(_("结业考试"), null=True, blank=True)
    exam = GenericForeignKey("exam_content_type", "exam_object_id")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(["track", "after_sales_level"]),
                FieldPanel("target_departments", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_roles", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel(["auto_enrol", "due_days", "issues_certificate"]),
            ],
            heading=_("课程设置"),
        ),
        "summary",
        InlinePanel("lessons", label=_("课时"), heading=_("课时")),
    ]
    parent_page_types = ["lms.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    @property
    def has_exam(self):
        return self.exam_content_type_id is not None and self.exam_object_id is not None

    def targets(self, profile):
        """Whether the course is meant for someone with ``profile`` (an empty
        target means everyone)."""
        departments = {d.pk for d in self.target_departments.all()}
        roles = {r.pk for r in self.target_roles.all()}
        if profile is None:
            return not departments and not roles
        return (not departments or profile.department_id in departments) and (
            not roles or profile.job_role_id in roles
        )

    def ordered_lessons(self):
        return list(self.lessons.select_related("policy", "document").order_by("sort_order", "pk"))

    # ---- pages ---------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        check_view_restrictions(self, request)
        return super().serve(request, *args, **kwargs)

    @path("")
    def overview(self, request):
        return route_view("lms.views.learning.course")(request, self)

    @path("lessons/<int:lesson_id>/")
    def lesson(self, request, lesson_id):
        return route_view("lms.views.learning.lesson")(request, self, lesson_id)

    @path("enrol/")
    def enrol(self, request):
        return route_view("lms.views.learning.self_enrol")(request, self)


class CourseLesson(Orderable):
    """A lesson: rich text, a file, a video (a document or a URL) or a policy
    to read. Reading the policy's version in force completes a policy lesson;
    a newer substantive version reopens it (see :mod:`lms.progress`)."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("课时标题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=LessonKind.choices, default=LessonKind.TEXT)
    body = RichTextField(_("内容"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("文件课时的附件；视频课时可上传 mp4 文件。"),
    )
    video_url = models.URLField(_("视频链接"), blank=True)
    policy = models.ForeignKey(
        "policies.PolicyPage", verbose_name=_("须阅读的制度"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("学时（分钟）"), default=30)

    panels = [
        FieldRowPanel(["title", "kind", "minutes"]),
        "body",
        "document",
        "video_url",
        PageChooserPanel("policy", "policies.PolicyPage"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("课时")
        verbose_name_plural = _("课时")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.kind == LessonKind.POLICY and not self.policy_id:
            raise ValidationError({"policy": _("制度阅读课时须选择一项制度。")})
        if self.kind == LessonKind.FILE and not self.document_id:
            raise ValidationError({"document": _("文件课时须上传或选择一个文件。")})
        if self.kind == LessonKind.VIDEO and not (self.document_id or self.video_url):
            raise ValidationError({"video_url": _("视频课时须填写视频链接或选择视频文件。")})

    def get_url(self, request=None):
        return self.page.url + f"lessons/{self.pk}/"


def new_certificate_code():
    """Twelve characters in three groups, without look-alikes (0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """结业证书. Name and course title are copied at issue time so that a
    later rename does not change what the certificate said."""

    enrolment = models.OneToOneField(
        "lms.Enrolment", verbose_name=_("报名"), on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("验证码"), max_length=20, unique=True, default=new_certificate_code)
    holder_name = models.CharField(_("姓名"), max_length=100)
    course_title = models.CharField(_("课程"), max_length=255)
    issued_at = models.DateTimeField(_("颁发时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")

    def __str__(self):
        return f"{self.code} {self.holder_name} · {self.course_title}"

    def get_absolute_url(self):
        return reverse("lms:certificate_verify", args=[self.code])
    @property
    def valid(self):
        return self.revoked_at is None


