"""Examiner pages (我的考评): the exams a user sits on the panel of, and the
score sheet for one of them. Blind scoring: before the panel is complete an
examiner sees only their own sheet; the views never put anyone else's
scores in the page. The steps are in :mod:`assessments.scoring`."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import scoring
from ..models import PracticalExam, ScoreSheet, TaskKind


@login_required
def my_examinations(request):
    exams = (PracticalExam.objects.assigned_to(request.user)
             .filter(open_for_scoring=True).select_related("trainee", "trainer")
             .order_by("finalised_at", "-scheduled_on", "-pk"))
    submitted = set(ScoreSheet.objects.filter(examiner=request.user).values_list("exam_id", flat=True))
    rows = [{"exam": exam, "submitted": exam.pk in submitted} for exam in exams]
    return render(request, "assessments/my_examinations.html", {"rows": rows})


def _tasks(exam, values=None, errors=None, lines=None):
    """The rubric grouped by task, with what the form or the sheet holds."""
    values, errors, lines = values or {}, errors or {}, lines or {}
    tasks = []
    for index, task, item_id, item in exam.rubric():
        if not tasks or tasks[-1]["index"] != index:
            tasks.append({"index": index, "kind": TaskKind(task["kind"]).label, "title": task["title"],
                          "unit": task["unit"], "items": []})
        tasks[-1]["items"].append({
            "id": item_id, "description": item["description"], "max_points": item["max_points"],
            "value": values.get(item_id, ""), "error": errors.get(item_id), "points": lines.get(item_id),
        })
    return tasks


@login_required
def score_sheet(request, pk):
    exam = get_object_or_404(PracticalExam.objects.select_related("trainee", "trainer"), pk=pk)
    assignment = scoring.require_examiner(request.user, exam)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values = {item_id: request.POST.get(f"item-{item_id}", "") for *_ignored, item_id, _item in exam.rubric()}
        try:
            scoring.submit_sheet(exam, request.user, values, comment=request.POST.get("comment", ""))
        except scoring.ScoringError as error:
            errors, status = error.errors, 400
            messages.error(request, errors.get("__all__") or _("评分有误，请检查标红的评分项。"))
        else:
            messages.success(request, _("评分已提交。提交后不能修改；全部考评人提交后可查看考核结果。"))
            return redirect("practical:score_sheet", pk=exam.pk)
        exam.refresh_from_db()
    sheets = scoring.visible_sheets(exam, request.user)
    mine = next((s for s in sheets if s.examiner_id == request.user.pk), None)
    lines = {line.item_id: line.points for line in mine.lines.all()} if mine else {}
    context = {
        "exam": exam,
        "assignment": assignment,
        "mine": mine,
        "tasks": _tasks(exam, values, errors, lines),
        "can_submit": mine is None and exam.open_for_scoring and not exam.is_final,
        "comment": request.POST.get("comment", "") if request.method == "POST" else "",
        "all_sheets": sheets if exam.is_final else [],
        "panel_size": exam.examiners.count(),
        "submitted_count": exam.score_sheets.count(),
    }
    return render(request, "assessments/score_sheet.html", context, status=status)
