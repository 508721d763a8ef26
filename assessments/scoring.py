"""Scoring practical exams 实际操作考核: the steps that record a panel's work.

The services the views and the admin call: who may open an exam
(:func:`require_examiner`), what an examiner may see (:func:`visible_sheets`),
submitting a score sheet exactly once (:func:`submit_sheet`), the panel's
result once the last sheet is in (:func:`finalise`, by the rule
:func:`assessments.rules.panel.panel_result`), and the retake
(:func:`create_retake`).

Blind scoring: until every examiner on the panel has submitted, an examiner
sees only their own sheet; nobody's scores but their own are in any page
they can request. When the last sheet is in and each of the five
departments (技术/工程/品管/售后/生产) has scored, the exam is final: its
result is the mean over the departments, several examiners of one
department averaged first. A panel missing a department cannot be
finalised; :func:`finalise` says which department is missing.
"""
from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from people.models import Department

from .models import (
    PANEL_DEPARTMENT_CODES,
    PANEL_DEPARTMENT_LABELS,
    ExaminerAssignment,
    PracticalExam,
    ScoreLine,
    ScoreSheet,
)
from .proposals import propose_grade_if_ready
from .rules.panel import SCORE_PLACES, PanelIncomplete, panel_result
from .terms.money import to_decimal

SUBMIT_ACTION = "assessments.practical_submit"
FINALISE_ACTION = "assessments.practical_final"
RETAKE_ACTION = "assessments.practical_retake"


class ScoringError(ValueError):
    """A score sheet that cannot be accepted; ``errors`` maps item ids (or
    ``"__all__"``) to Chinese messages."""

    def __init__(self, errors):
        self.errors = {key: str(value) for key, value in errors.items()}
        super().__init__("；".join(self.errors.values()))


# --------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------


def assignment_of(exam, user):
    """``user``'s seat on ``exam``'s panel, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return exam.examiners.filter(examiner=user).select_related("department").first()


def require_examiner(user, exam):
    """Examiners open only the exams they are assigned to: ``user``'s seat on
    the panel, or PermissionDenied."""
    assignment = assignment_of(exam, user)
    if assignment is None:
        raise PermissionDenied(_("您不是此项实操考核的考评人。"))
    return assignment


def missing_departments(exam):
    """The required departments (:data:`PANEL_DEPARTMENT_CODES`) that have
    not scored ``exam`` yet, as Department objects in the required order."""
    scored = set(exam.score_sheets.values_list("department__code", flat=True))
    found = {d.code: d for d in Department.objects.filter(code__in=PANEL_DEPARTMENT_CODES)}
    return [found.get(code) or Department(code=code, name=str(PANEL_DEPARTMENT_LABELS[code]))
            for code in PANEL_DEPARTMENT_CODES if code not in scored]


def department_names():
    """The five departments' names (code → name), as the company calls them."""
    names = {code: str(label) for code, label in PANEL_DEPARTMENT_LABELS.items()}
    return names | dict(Department.objects.filter(code__in=PANEL_DEPARTMENT_CODES).values_list("code", "name"))


def panel_complete(exam):
    """Every examiner on the panel has submitted and each of the five
    departments has scored."""
    assigned = set(exam.examiners.values_list("examiner_id", flat=True))
    submitted = set(exam.score_sheets.values_list("examiner_id", flat=True))
    return bool(assigned) and assigned <= submitted and not missing_departments(exam)


def visible_sheets(exam, user):
    """The score sheets ``user`` may see: all of them once the exam is final,
    before that only their own (blind scoring)."""
    sheets = exam.score_sheets.select_related("examiner", "department").prefetch_related("lines")
    if exam.is_final:
        return list(sheets)
    return [sheet for sheet in sheets if sheet.examiner_id == user.pk]


# --------------------------------------------------------------------------
# Submitting
# --------------------------------------------------------------------------


def _points(value, item):
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError(_("请填写得分。"))
        try:
            value = Decimal(value)
        except InvalidOperation:
            raise ValueError(_("得分必须是数字。")) from None
        if not value.is_finite():
            raise ValueError(_("得分必须是数字。"))
    number = to_decimal(value, _("得分"))
    if number < 0 or number > item["max_points"]:
        raise ValueError(_("得分必须在 0 到 %(max)s 分之间。") % {"max": item["max_points"]})
    if number != number.quantize(SCORE_PLACES):
        raise ValueError(_("得分最多保留两位小数。"))
    return number


@transaction.atomic
def submit_sheet(exam, examiner, points, *, comment="", now=None):
    """An examiner submits their score sheet for ``exam``: ``points`` maps
    every rubric item id to the points given (str, int or Decimal).

    Exactly once: a second submission (double click, second tab) is refused
    with ScoringError and changes nothing. When this is the panel's last
    sheet, the exam becomes final (:func:`finalise`) and a grade may be
    proposed (:func:`assessments.proposals.propose_grade_if_ready`).

    Raises PermissionDenied if ``examiner`` is not on the panel, and
    ScoringError for a closed exam or invalid points."""
    now = now or timezone.now()
    exam = PracticalExam.objects.select_for_update().get(pk=exam.pk)
    assignment = require_examiner(examiner, exam)
    if exam.is_final:
        raise ScoringError({"__all__": _("考核已完成，不能再提交评分。")})
    if not exam.open_for_scoring:
        raise ScoringError({"__all__": _("考核尚未开放评分。")})
    if exam.score_sheets.filter(examiner=examiner).exists():
        raise ScoringError({"__all__": _("您已提交过评分，提交后不能修改。")})
    rubric = exam.rubric()
    if not rubric:
        raise ScoringError({"__all__": _("考核还没有评分细则。")})
    errors, given = {}, {}
    for _index, _task, item_id, item in rubric:
        try:
            given[item_id] = _points(points.get(item_id, ""), item)
        except ValueError as error:
            errors[item_id] = error
    unknown = set(points) - {item_id for *_ignored, item_id, _item in rubric}
    if unknown:
        errors["__all__"] = _("评分项与考核不一致，请刷新页面后重新填写。")
    if errors:
        raise ScoringError(errors)
    try:
        with transaction.atomic():
            sheet = ScoreSheet.objects.create(
                exam=exam, examiner=examiner, department=assignment.department,
                total=sum(given.values(), Decimal(0)), max_total=exam.max_total(),
                comment=comment.strip(), submitted_at=now,
            )
    except IntegrityError:
        raise ScoringError({"__all__": _("您已提交过评分，提交后不能修改。")}) from None
    ScoreLine.objects.bulk_create([
        ScoreLine(sheet=sheet, item_id=item_id, task_kind=task["kind"], task_title=task["title"],
                  description=item["description"], max_points=item["max_points"], points=given[item_id])
        for _index, task, item_id, item in rubric
    ])
    log(instance=exam, action=SUBMIT_ACTION, user=examiner, data={"sheet": sheet.pk})
    if panel_complete(exam):
        finalise(exam, now=now)
    return sheet


def finalise(exam, *, now=None):
    """Record the panel's result on ``exam`` and propose a grade if the
    trainee's written result is in. Raises ValidationError naming the
    department(s) still to score while any of the five has not."""
    now = now or timezone.now()
    sheets = list(exam.score_sheets.select_related("department"))
    try:
        result = panel_result([(s.department.code, s.score) for s in sheets], departments=PANEL_DEPARTMENT_CODES,
                              pass_mark=exam.pass_mark, spread_threshold=exam.spread_threshold,
                              names=department_names())
    except PanelIncomplete as error:
        raise ValidationError(str(error)) from None
    type(exam).objects.filter(pk=exam.pk, finalised_at__isnull=True).update(
        score=result.score, spread=result.spread, spread_flagged=result.flagged, passed=result.passed,
        finalised_at=now,
    )
    exam.score, exam.spread, exam.spread_flagged, exam.passed, exam.finalised_at = (
        result.score, result.spread, result.flagged, result.passed, now)
    log(instance=exam, action=FINALISE_ACTION, user=None,
        data={"score": str(result.score), "spread": str(result.spread), "flagged": result.flagged,
              "passed": result.passed})
    propose_grade_if_ready(exam.trainee, now=now)
    return result


# --------------------------------------------------------------------------
# Panel set-up and retakes
# --------------------------------------------------------------------------


def scoring_started(exam):
    return exam.pk is not None and exam.score_sheets.exists()


@transaction.atomic
def create_retake(exam, user=None, *, scheduled_on=None, now=None):
    """补考: a new exam for the same trainee, trainer, machine model, tasks
    and panel, linked to the failed ``exam`` (``retake_of``). It starts
    closed for scoring so HR can adjust tasks and panel first. Raises
    ValidationError unless ``exam`` is final and failed."""
    exam = PracticalExam.objects.select_for_update().get(pk=exam.pk)
    if not exam.is_final or exam.passed:
        raise ValidationError(_("只有已完成且不合格的考核才能补考。"))
    retake = PracticalExam(
        title=exam.title, trainee=exam.trainee, trainer=exam.trainer, machine_model=exam.machine_model,
        scheduled_on=scheduled_on or timezone.localdate(now or timezone.now()), location=exam.location,
        tasks=copy.deepcopy(list(exam.tasks.raw_data)), spread_threshold=exam.spread_threshold,
        retake_of=exam, created_by=user, created_at=now or timezone.now(),
    )
    retake.full_clean()
    retake.save()
    ExaminerAssignment.objects.bulk_create([
        ExaminerAssignment(exam=retake, examiner_id=a.examiner_id, department_id=a.department_id,
                           sort_order=a.sort_order)
        for a in exam.examiners.all()
    ])
    log(instance=retake, action=RETAKE_ACTION, user=user, data={"retake_of": exam.pk})
    return retake
