"""Training-needs surveys: HR drafts and sends them (调研计划), department
heads answer, customers' contacts answer through their personal link, HR
reads the summary and writes the needs analysis."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from people.models import CustomerOrganisation, Department
from policies.acknowledgements import client_ip

from .. import needs_surveys
from ..forms import NeedsAnalysisForm, NeedsQuestionForm, NeedsSurveyForm
from ..models import NeedsSurvey, NeedsSurveyStatus
from . import error_text


def _check_may_see(user):
    if not needs_surveys.may_see_summary(user):
        raise PermissionDenied(_("培训需求调研的汇总仅人资部和管理层可见。"))


@login_required
def survey_list(request):
    _check_may_see(request.user)
    may_run = request.user.has_perm("lms.add_needssurvey")
    form = NeedsSurveyForm(request.POST or None)
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied(_("培训需求调研由人资部编制。"))
        if form.is_valid():
            with transaction.atomic():
                form.instance.created_by = request.user
                survey = form.save()
            messages.success(request, _("已保存调研计划，请添加调研问题后发出。"))
            return redirect("lms:needs_survey", survey.pk)
    surveys = NeedsSurvey.objects.prefetch_related("departments", "customers").order_by("-opens_on", "-pk")
    return TemplateResponse(request, "lms/needs_survey_list.html", {
        "surveys": surveys, "form": form, "may_run": may_run})


@login_required
def survey_detail(request, pk):
    """The survey plan, its questions, the answers' summary and the analysis."""
    survey = get_object_or_404(NeedsSurvey, pk=pk)
    _check_may_see(request.user)
    may_run = request.user.has_perm(needs_surveys.RUN)
    question_form = NeedsQuestionForm(prefix="q")
    analysis_form = NeedsAnalysisForm(instance=survey, prefix="a")
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied(_("培训需求调研由人资部办理。"))
        action = request.POST.get("action")
        try:
            if action == "question":
                if survey.status != NeedsSurveyStatus.DRAFT:
                    raise ValidationError(_("调研发出后不能再修改问题。"))
                question_form = NeedsQuestionForm(request.POST, prefix="q")
                question_form.instance.survey = survey
                question_form.instance.sort_order = survey.questions.count()
                if question_form.is_valid():
                    question_form.save()
                    messages.success(request, _("已添加问题。"))
                    return redirect("lms:needs_survey", survey.pk)
            elif action == "send":
                needs_surveys.send(survey, request.user)
                messages.success(request, _("已发出调研，已通知各调研部门负责人，并向各客户联系人发送填写链接。"))
                return redirect("lms:needs_survey", survey.pk)
            elif action == "close":
                needs_surveys.close(survey, request.user)
                messages.success(request, _("已结束调研。"))
                return redirect("lms:needs_survey", survey.pk)
            elif action == "analysis":
                analysis_form = NeedsAnalysisForm(request.POST, instance=survey, prefix="a")
                if analysis_form.is_valid():
                    analysis_form.save()
                    messages.success(request, _("已保存需求分析报告。"))
                    return redirect("lms:needs_survey", survey.pk)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("lms:needs_survey", survey.pk)
    responses = list(survey.responses.select_related("department", "customer", "respondent"))
    answered = {(type(r.recipient), r.recipient.pk) for r in responses}
    recipients = survey.recipients()
    customers = [r for r in recipients if isinstance(r, CustomerOrganisation)]
    return TemplateResponse(request, "lms/needs_survey.html", {
        "survey": survey, "questions": survey.questions.order_by("sort_order", "pk"),
        "summary": needs_surveys.summarise(survey), "responses": responses,
        "pending": [r for r in recipients if (type(r), r.pk) not in answered], "recipients": recipients,
        "departments": [r for r in recipients if isinstance(r, Department)],
        "customers": customers,
        "links": survey.customer_links.select_related("customer").order_by("customer__name") if customers else [],
        "question_form": question_form, "analysis_form": analysis_form, "may_run": may_run,
        "plans": survey.plans.all(), "may_draw_up": request.user.has_perm("lms.add_trainingplan"),
    })


@login_required
def survey_answer(request, pk):
    """A recipient department's head answers the survey (once)."""
    survey = get_object_or_404(NeedsSurvey, pk=pk)
    refusal = needs_surveys.answer_refusal(survey, request.user)
    form_class = needs_surveys.answer_form_class(survey)
    form = form_class(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            needs_surveys.submit_answers(survey, request.user, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("已提交调研回答，谢谢。"))
            return redirect("my_tasks")
    department = survey.recipient_for(request.user)
    return TemplateResponse(request, "lms/needs_survey_answer.html", {
        "survey": survey, "form": form, "refusal": refusal, "department": department,
        "today": timezone.localdate()}, status=403 if refusal and department is None else 200)


#: Unknown tokens one address may try in :data:`MISS_WINDOW` seconds before
#: every link is refused to it for the rest of the window.
MISS_LIMIT, MISS_WINDOW = 20, 600


def _misses_key(request):
    return f"lms:needs-reply-miss:{client_ip(request) or 'unknown'}"


@never_cache
def survey_reply(request, token):
    """A customer's contact answers through their personal link: that
    survey's form for that customer, nothing else, with or without a login."""
    key = _misses_key(request)
    if cache.get(key, 0) >= MISS_LIMIT:
        return _reply_refused(request, _("尝试次数过多，请稍后再试。"), 429)
    try:
        link = needs_surveys.open_link(token)
    except needs_surveys.LinkRefused as refused:
        if refused.status == 404:
            cache.add(key, 0, MISS_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, MISS_WINDOW)
        return _reply_refused(request, refused.message, refused.status)
    survey = link.survey
    response = needs_surveys.customer_response(link)
    form = needs_surveys.answer_form_class(survey)(request.POST if request.method == "POST" and not response else None)
    refusal = None
    if form.is_bound and form.is_valid():
        try:
            needs_surveys.submit_customer_answers(link, form.cleaned_data)
        except ValidationError as error:
            refusal = error_text(error)
        else:
            return redirect("lms:needs_survey_reply", token)
    elif request.method == "POST" and response:
        refusal = _("%s已提交本次调研的回答，不能重复提交。") % link.customer.name
    return TemplateResponse(request, "lms/needs_survey_reply.html", {
        "survey": survey, "customer": link.customer, "form": form, "response": response, "refusal": refusal},
        status=409 if refusal else 200)


def _reply_refused(request, message, status):
    return TemplateResponse(request, "lms/needs_survey_reply.html", {"refusal": message}, status=status)
