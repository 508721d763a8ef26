"""Training-needs surveys (调研计划 → answers → 需求分析报告): HR sends a
survey to its recipients, each recipient answers once, HR reads the
summary and writes the analysis a training plan links to.

HR runs them (``lms.add_needssurvey``, ``lms.change_needssurvey``); the
summary is seen by whoever may see needs surveys (``lms.view_needssurvey``);
a department's head answers for their department."""
import collections
import dataclasses

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import NeedsResponse, NeedsSurvey, NeedsSurveyStatus, QuestionKind
from .notifying import notify_user

RUN = "lms.change_needssurvey"
SEE = "lms.view_needssurvey"


def may_see_summary(user):
    return user.has_perm(SEE)


@transaction.atomic
def send(survey, by, now=None):
    """Send the survey: every recipient's head is told (one notification each)."""
    if not by.has_perm(RUN):
        raise PermissionDenied(_("培训需求调研由人资部发出。"))
    if survey.status != NeedsSurveyStatus.DRAFT:
        raise ValidationError(_("该调研已发出。"))
    recipients = survey.recipients()
    if not recipients:
        raise ValidationError(_("请至少选择一个调研部门。"))
    if not survey.questions.exists():
        raise ValidationError(_("请至少添加一个调研问题。"))
    headless = [d.name for d in recipients if d.head_id is None]
    if headless:
        raise ValidationError(_("以下部门未设负责人，无人填写：%s") % "、".join(headless))
    survey.status, survey.sent_at = NeedsSurveyStatus.SENT, now or timezone.now()
    survey.save(update_fields=["status", "sent_at"])
    log(survey, "lms.needs_survey.send", user=by)
    for department in recipients:
        notify_user(department.head, key=f"lms-needs-survey:{survey.pk}:{department.pk}",
                    title=_("请填写培训需求调研：%s") % survey.title,
                    body=_("截止日期：%(date)s。") % {"date": survey.closes_on.isoformat()},
                    url=survey.answer_url())


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
    answers = {key[1:]: value for key, value in cleaned_data.items()}
    try:
        with transaction.atomic():
            response = NeedsResponse.objects.create(survey=survey, department=survey.recipient_for(user),
                                                    respondent=user, answers=answers)
    except IntegrityError:  # answered meanwhile from another tab
        raise ValidationError(_("本部门已提交本次调研的回答。")) from None
    log(survey, "lms.needs_survey.answer", user=user)
    return response


@dataclasses.dataclass
class QuestionSummary:
    question: object
    answered: int
    mean: float = None
    counts: list = dataclasses.field(default_factory=list)
    texts: list = dataclasses.field(default_factory=list)


def summarise(survey):
    """Per question: how many answered, the rating mean, the counts per
    option (most chosen first), or the written answers with who wrote them."""
    responses = list(survey.responses.select_related("department", "respondent"))
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
            summary.texts = [(r.department, value) for r, value in given]
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
