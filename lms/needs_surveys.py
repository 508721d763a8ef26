"""Training-needs surveys (调研计划 → answers → 需求分析报告): HR sends a
survey to its recipients, each recipient answers once, HR reads the
summary and writes the analysis a training plan links to.

HR runs them (``lms.add_needssurvey``, ``lms.change_needssurvey``); the
summary is seen by whoever may see needs surveys (``lms.view_needssurvey``);
a department's head answers for their department.

A customer's contact answers through a personal link mailed to them: the
outbox delivers it (:func:`email_customer_link`), which is when the random
token is made; only its hash is stored, as for the trainees' invitations
(:func:`lms.customer_accounts.token_hash`), and no token ever waits in the
database. The link opens that survey's form for that customer only, while
the survey is open; it answers once, like a department."""
import collections
import dataclasses
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people import outbox
from people.models import Department
from people.notifications import absolute_url

from .customer_accounts import token_hash
from .models import NeedsResponse, NeedsSurvey, NeedsSurveyLink, NeedsSurveyStatus, QuestionKind
from .notifying import notify_user

#: The LMS task that mails one customer's link (``lms.tasks``), queued in the outbox.
EMAIL_LINK_TASK = "lms.tasks.send_needs_survey_link"

RUN = "lms.change_needssurvey"
SEE = "lms.view_needssurvey"


def may_see_summary(user):
    return user.has_perm(SEE)


@transaction.atomic
def send(survey, by, now=None):
    """Send the survey: every department's head is told (one notification
    each), every customer's contact is mailed a personal link (queued in the
    outbox, one each)."""
    if not by.has_perm(RUN):
        raise PermissionDenied(_("培训需求调研由人资部发出。"))
    if survey.status != NeedsSurveyStatus.DRAFT:
        raise ValidationError(_("该调研已发出。"))
    recipients = survey.recipients()
    if not recipients:
        raise ValidationError(_("请至少选择一个调研部门或客户。"))
    if not survey.questions.exists():
        raise ValidationError(_("请至少添加一个调研问题。"))
    departments = [r for r in recipients if isinstance(r, Department)]
    customers = [r for r in recipients if not isinstance(r, Department)]
    headless = [d.name for d in departments if d.head_id is None]
    if headless:
        raise ValidationError(_("以下部门未设负责人，无人填写：%s") % "、".join(headless))
    unreachable = [c.name for c in customers if not c.contact_email]
    if unreachable:
        raise ValidationError(_("以下客户未填写联系人邮箱，无法发出：%s") % "、".join(unreachable))
    survey.status, survey.sent_at = NeedsSurveyStatus.SENT, now or timezone.now()
    survey.save(update_fields=["status", "sent_at"])
    log(survey, "lms.needs_survey.send", user=by)
    for department in departments:
        notify_user(department.head, key=f"lms-needs-survey:{survey.pk}:{department.pk}",
                    title=_("请填写培训需求调研：%s") % survey.title,
                    body=_("截止日期：%(date)s。") % {"date": survey.closes_on.isoformat()},
                    url=survey.answer_url())
    for customer in customers:
        link = NeedsSurveyLink.objects.create(survey=survey, customer=customer, created_at=survey.sent_at)
        outbox.enqueue(EMAIL_LINK_TASK, link.pk)


def link_is_open(survey, today=None):
    """Whether the customers' links of ``survey`` still work: sent, not
    closed, not past its closing date."""
    return survey.status == NeedsSurveyStatus.SENT and (today or timezone.localdate()) <= survey.closes_on


def email_customer_link(pk, now=None):
    """Mail link ``pk`` to its customer's contact, once (the outbox's
    delivery; run again, by the worker and the sweep, it sends nothing).
    The token is made here and only its hash kept; a failed mail rolls back
    and the next try makes a new one. Returns whether this call mailed it."""
    now = now or timezone.now()
    with transaction.atomic():
        link = NeedsSurveyLink.objects.select_for_update().filter(pk=pk, emailed_at__isnull=True).first()
        if link is None:
            return False
        survey, customer = link.survey, link.customer
        if not link_is_open(survey, timezone.localdate(now)) or not customer.contact_email:
            return False  # closed before the mail could leave: nothing to answer any more
        token = secrets.token_urlsafe(32)
        link.token_hash, link.emailed_at, link.sent_to = token_hash(token), now, customer.contact_email
        link.save(update_fields=["token_hash", "emailed_at", "sent_to"])
        body = _(
            "%(contact)s，您好：\n\n为更好地安排对贵单位的培训，我们正在开展“%(title)s”。\n调研目标：%(goal)s\n\n"
            "请在 %(date)s 前打开下面的专属链接填写（无需登录；链接仅供%(org)s使用，请勿转发）：\n\n%(link)s\n\n"
            "（本邮件由%(portal)s自动发送，请勿回复。）"
        ) % {"contact": customer.contact_name, "title": survey.title, "goal": survey.goal,
             "date": survey.closes_on.isoformat(), "org": customer.name,
             "link": absolute_url(reverse("lms:needs_survey_reply", args=[token])), "portal": settings.PORTAL_NAME}
        EmailMessage(subject=f"[{settings.PORTAL_NAME}] " + _("请填写培训需求调研：%s") % survey.title,
                     body=body, to=[customer.contact_email]).send()
    return True


class LinkRefused(Exception):
    """The link does not open the form: ``message`` says why, ``status`` is the HTTP answer."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message, self.status = str(message), status


def open_link(token, today=None):
    """The :class:`NeedsSurveyLink` ``token`` opens (with its survey and
    customer), or :class:`LinkRefused` (404 unknown, 410 no longer open)."""
    link = (NeedsSurveyLink.objects.select_related("survey", "customer")
            .filter(token_hash=token_hash(str(token))).first()) if token else None
    if link is None:
        raise LinkRefused(_("链接无效。请使用邮件中的完整链接，或联系培训主管部门。"), 404)
    if not link_is_open(link.survey, today):
        raise LinkRefused(_("本次调研已于 %s 截止，链接已失效。如需补充意见，请联系培训主管部门。")
                          % link.survey.closes_on.isoformat(), 410)
    return link


def customer_response(link):
    """The answer the link's customer already gave, or ``None``."""
    return NeedsResponse.objects.filter(survey_id=link.survey_id, customer_id=link.customer_id).first()


@transaction.atomic
def close(survey, by):
    if not by.has_perm(RUN):
        raise PermissionDenied(_("培训需求调研由人资部办理。"))
    if survey.status != NeedsSurveyStatus.SENT:
        raise ValidationError(_("只有调研中的调研可以结束。"))
    survey.status = NeedsSurveyStatus.CLOSED
    survey.save(update_fields=["status"])
    log(survey, "lms.needs_survey.close", user=by)


def answer_form_class(survey):
    """A form with one field per question."""
    fields = {}
    for question in survey.questions.order_by("sort_order", "pk"):
        options = {"label": question.label, "required": question.required}
        if question.kind == QuestionKind.CHOICE:
            field = forms.ChoiceField(choices=[(c, c) for c in question.choice_list()], widget=forms.RadioSelect,
                                      **options)
        elif question.kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(choices=[(c, c) for c in question.choice_list()],
                                              widget=forms.CheckboxSelectMultiple, **options)
        elif question.kind == QuestionKind.RATING:
            field = forms.TypedChoiceField(choices=[(str(i), str(i)) for i in range(5, 0, -1)], coerce=int,
                                           widget=forms.RadioSelect, **options)
        else:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, **options)
        fields[f"q{question.pk}"] = field
    return type("NeedsAnswerForm", (forms.Form,), fields)


def answer_refusal(survey, user, today=None):
    """Why ``user`` may not answer ``survey`` now (``None``: they may)."""
    if survey.status != NeedsSurveyStatus.SENT:
        return _("该调研未在进行中。")
    if (today or timezone.localdate()) > survey.closes_on:
        return _("该调研已过截止日期（%s）。") % survey.closes_on.isoformat()
    department = survey.recipient_for(user)
    if department is None:
        return _("您不是本次调研的填写人（调研部门的负责人填写）。")
    if survey.responses.filter(department=department).exists():
        return _("%s已提交本次调研的回答。") % department.name
    return None


def submit_answers(survey, user, cleaned_data, today=None):
    """Store ``user``'s answers for their department (once)."""
    refusal = answer_refusal(survey, user, today)
    if refusal:
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            response = NeedsResponse.objects.create(survey=survey, department=survey.recipient_for(user),
                                                    respondent=user, answers=_answers(cleaned_data))
    except IntegrityError:  # answered meanwhile from another tab
        raise ValidationError(_("本部门已提交本次调研的回答。")) from None
    log(survey, "lms.needs_survey.answer", user=user)
    return response


def submit_customer_answers(link, cleaned_data, today=None):
    """Store the answers of ``link``'s customer (once, like a department's)."""
    survey = link.survey
    if not link_is_open(survey, today):
        raise ValidationError(_("本次调研已于 %s 截止，链接已失效。") % survey.closes_on.isoformat())
    customer = survey.recipient_for(link=link)
    try:
        with transaction.atomic():
            response = NeedsResponse.objects.create(survey=survey, customer=customer, answers=_answers(cleaned_data))
    except IntegrityError:  # a second submission (another tab, a forwarded mail)
        raise ValidationError(_("%s已提交本次调研的回答。") % customer.name) from None
    log(survey, "lms.needs_survey.answer", user=None, data={"customer": customer.name})
    return response


def _answers(cleaned_data):
    return {key[1:]: value for key, value in cleaned_data.items()}


@dataclasses.dataclass
class QuestionSummary:
    question: object
    answered: int
    mean: float = None
    counts: list = dataclasses.field(default_factory=list)
    texts: list = dataclasses.field(default_factory=list)


def summarise(survey):
    """Per question: how many answered, the rating mean, the counts per
    option (most chosen first), or the written answers with who wrote them
    (a department or a customer organisation)."""
    responses = list(survey.responses.select_related("department", "customer", "respondent"))
    summaries = []
    for question in survey.questions.order_by("sort_order", "pk"):
        key = str(question.pk)
        given = [(r, r.answers.get(key)) for r in responses if r.answers.get(key) not in (None, "", [])]
        summary = QuestionSummary(question=question, answered=len(given))
        if question.kind == QuestionKind.RATING:
            values = [int(v) for _r, v in given]
            summary.mean = round(sum(values) / len(values), 2) if values else None
        elif question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            counter = collections.Counter()
            for _r, value in given:
                counter.update(value if isinstance(value, list) else [value])
            summary.counts = [(option, counter.get(option, 0)) for option in question.choice_list()]
            summary.counts.sort(key=lambda pair: -pair[1])
        else:
            summary.texts = [(r.recipient, value) for r, value in given]
        summaries.append(summary)
    return summaries


def surveys_to_answer(user, today):
    """The sent surveys still open that ``user`` answers for a department and has not answered."""
    if not user.pk:
        return NeedsSurvey.objects.none()
    asked = NeedsSurvey.departments.through.objects.filter(department__head=user).values("needssurvey_id")
    answered = NeedsResponse.objects.filter(department__head=user).values("survey_id")
    return (NeedsSurvey.objects.filter(status=NeedsSurveyStatus.SENT, closes_on__gte=today, pk__in=asked)
            .exclude(pk__in=answered).order_by("closes_on", "pk"))
