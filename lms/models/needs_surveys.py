"""Training-needs surveys (培训需求调研, 客户培训日常管理制度 二; 培训管理制度
第八条): HR's 调研计划 (goal, scope, targets, method, timing) with its
questions, sent to chosen departments, answered once per recipient, and
summarised into the needs-analysis report a training plan links to.

Recipients are departments (their heads answer) and customer organisations
(their contacts answer through a personal link, :class:`NeedsSurveyLink`,
without an account). Each kind is one many-to-many on :class:`NeedsSurvey`
and one nullable key on :class:`NeedsResponse`: :meth:`NeedsSurvey.recipients`
and :meth:`NeedsSurvey.recipient_for` are the two places that list them.
The departments' monthly 培训需求申请表 stay as they are
(:class:`lms.models.TrainingNeedsRequest`)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from people.models import CustomerOrganisation, Department


class SurveyMethod(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    PHONE = "phone", _("电话访谈")
    INTERVIEW = "interview", _("面对面沟通")


class NeedsSurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("调研中")
    CLOSED = "closed", _("已结束")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("文字回答")
    CHOICE = "choice", _("单选")
    MULTIPLE = "multiple", _("多选")
    RATING = "rating", _("评分（1–5 分）")


class NeedsSurvey(ClusterableModel):
    """调研计划: what HR wants to learn, from whom, how and when; its
    questions; the analysis HR writes from the answers (需求分析报告)."""

    title = models.CharField(_("调研名称"), max_length=200)
    goal = models.TextField(_("调研目标"))
    scope = models.TextField(_("调研范围"), blank=True)
    targets = models.CharField(_("调研对象"), max_length=255, blank=True,
                               help_text=_("如：各部门负责人、售后服务人员、重点客户。"))
    method = models.CharField(_("调研方法"), max_length=20, choices=SurveyMethod.choices,
                              default=SurveyMethod.QUESTIONNAIRE)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    departments = models.ManyToManyField(Department, verbose_name=_("调研部门"), blank=True, related_name="+",
                                          help_text=_("由各部门负责人填写。"))
    customers = models.ManyToManyField(CustomerOrganisation, verbose_name=_("调研客户"), blank=True,
                                       related_name="+",
                                       help_text=_("由客户联系人通过邮件中的专属链接填写，无需登录。"))
    status = models.CharField(_("状态"), max_length=20, choices=NeedsSurveyStatus.choices,
                              default=NeedsSurveyStatus.DRAFT, editable=False)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    common_needs = models.TextField(_("共性需求"), blank=True)
    specific_needs = models.TextField(_("个性化需求"), blank=True)
    recommendations = models.TextField(_("培训建议与方案框架"), blank=True)

    panels = [
        "title",
        "goal",
        "scope",
        FieldRowPanel(["targets", "method"]),
        FieldRowPanel(["opens_on", "closes_on"]),
        FieldPanel("departments"),
        FieldPanel("customers"),
        InlinePanel("questions", heading=_("调研问题"), label=_("问题"), min_num=1),
        MultiFieldPanel(["common_needs", "specific_needs", "recommendations"], heading=_("需求分析报告")),
    ]

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("培训需求调研")
        verbose_name_plural = _("培训需求调研")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("截止日期不能早于开始日期。")})

    def get_absolute_url(self):
        return reverse("lms:needs_survey", args=[self.pk])

    def answer_url(self):
        return reverse("lms:needs_survey_answer", args=[self.pk])

    def recipients(self):
        """Who is asked: the departments (with their heads), then the customers (their contacts)."""
        return (list(self.departments.select_related("head").order_by("name"))
                + list(self.customers.order_by("name")))

    def recipient_for(self, user=None, *, link=None):
        """The recipient ``user`` answers for (the department they head), or
        the customer whose answer ``link`` (a :class:`NeedsSurveyLink` of this
        survey) opens; ``None`` if neither."""
        if link is not None:
            return link.customer if link.survey_id == self.pk else None
        return self.departments.filter(head=user).order_by("name").first() if user and user.pk else None


class NeedsQuestion(Orderable):
    survey = ParentalKey(NeedsSurvey, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("问题"), max_length=255)
    kind = models.CharField(_("类型"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(_("选项"), blank=True, help_text=_("单选、多选题每行一个选项。"))
    required = models.BooleanField(_("必答"), default=True)

    panels = [FieldRowPanel(["label", "kind", "required"]), "choices"]

    class Meta(Orderable.Meta):
        verbose_name = _("调研问题")
        verbose_name_plural = _("调研问题")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE) and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("单选、多选题至少需要两个选项（每行一个）。")})

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class NeedsResponse(models.Model):
    """One recipient's answers (``answers``: question id → answer)."""

    survey = models.ForeignKey(NeedsSurvey, verbose_name=_("调研"), on_delete=models.CASCADE,
                               related_name="responses")
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(CustomerOrganisation, verbose_name=_("客户单位"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(_("回答"), default=dict)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["survey", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "department"], name="lms_needs_response_one_per_department"),
            models.UniqueConstraint(fields=["survey", "customer"], name="lms_needs_response_one_per_customer"),
            models.CheckConstraint(condition=Q(department__isnull=False, customer__isnull=True)
                                   | Q(department__isnull=True, customer__isnull=False),
                                   name="lms_needs_response_one_recipient"),
        ]
        verbose_name = _("调研答卷")
        verbose_name_plural = _("调研答卷")

    def __str__(self):
        return f"{self.survey} · {self.recipient}"

    @property
    def recipient(self):
        """The department or the customer organisation that answered."""
        return self.department if self.department_id else self.customer


class NeedsSurveyLink(models.Model):
    """A customer's personal answer link to one survey. The token is made
    and mailed by the outbox's delivery (``lms.needs_surveys.email_customer_link``);
    only its SHA-256 is stored (``token_hash``, empty until mailed). It
    opens that survey's form for that customer only, without an account,
    while the survey is open (until its closing date)."""

    survey = models.ForeignKey(NeedsSurvey, verbose_name=_("调研"), on_delete=models.CASCADE,
                               related_name="customer_links")
    customer = models.ForeignKey(CustomerOrganisation, verbose_name=_("客户单位"), on_delete=models.CASCADE,
                                 related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    sent_to = models.EmailField(_("发送至"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "customer__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "customer"], name="lms_needs_link_one_per_customer"),
        ]
        verbose_name = _("客户调研链接")
        verbose_name_plural = _("客户调研链接")

    def __str__(self):
        return f"{self.survey} · {self.customer}"
