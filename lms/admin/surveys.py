"""Admin views: the survey results summary (with bar charts) and its CSV
export, for those who read the answers (``lms.view_surveysubmission``)."""
import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from people.models import person_name

from ..models import SurveyPage, SurveySubmission, TrainingSession
from ..surveys import summarise

READ_ANSWERS = "lms.view_surveysubmission"


def _check(request):
    if not request.user.has_perm(READ_ANSWERS):
        raise PermissionDenied(_("问卷统计仅限人资部查看。"))


def survey_index(request):
    _check(request)
    pages = SurveyPage.objects.all().order_by("title")
    rows = [(page, SurveySubmission.objects.filter(page=page).count()) for page in pages]
    return TemplateResponse(request, "lms/admin/survey_index.html", {"rows": rows})


def survey_summary(request, page_id):
    _check(request)
    page = get_object_or_404(SurveyPage, pk=page_id)
    sessions = TrainingSession.objects.filter(survey=page).order_by("-starts_at")
    selected = request.GET.get("session")
    chosen = sessions.filter(pk=selected) if selected and selected.isdigit() else None
    count, questions = summarise(page, chosen)
    return TemplateResponse(request, "lms/admin/survey_summary.html", {
        "page": page, "count": count, "questions": questions, "sessions": sessions,
        "selected": int(selected) if selected and selected.isdigit() else None,
    })


def survey_csv(request, page_id):
    """Every answer, one row per person and session (Excel-friendly UTF-8 with BOM)."""
    _check(request)
    page = get_object_or_404(SurveyPage, pk=page_id)
    fields = list(page.get_form_fields())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"survey-{page.pk}.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("培训课堂"), _("培训师"), _("填写人"), _("提交时间")] + [f.label for f in fields])
    submissions = SurveySubmission.objects.filter(page=page).select_related("user", "session__trainer")
    for s in submissions.order_by("session__starts_at", "submit_time"):
        answers = []
        for f in fields:
            value = s.form_data.get(f.clean_name, "")
            answers.append("、".join(map(str, value)) if isinstance(value, list) else value)
        writer.writerow([
            str(s.session), person_name(s.session.trainer), person_name(s.user),
            timezone.localtime(s.submit_time).strftime("%Y-%m-%d %H:%M"),
        ] + answers)
    return response
