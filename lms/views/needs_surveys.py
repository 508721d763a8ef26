"""Training-needs surveys: HR drafts and sends them (调研计划), department
heads answer, HR reads the summary and writes the needs analysis."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

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
    surveys = NeedsSurvey.objects.prefetch_related("departments").order_by("-opens_on", "-pk")
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
                messages.success(request, _("已发出调研，已通知各调研部门负责人。"))
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
    responses = survey.responses.select_related("department", "respondent")
    answered = {r.department_id for r in responses}
    recipients = survey.recipients()
    return TemplateResponse(request, "lms/needs_survey.html", {
        "survey": survey, "questions": survey.questions.order_by("sort_order", "pk"),
        "summary": needs_surveys.summarise(survey), "responses": responses,
        "pending": [d for d in recipients if d.pk not in answered], "recipients": recipients,
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
