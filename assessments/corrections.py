"""Corrections of a final written score (复核更正): never an edit of the
attempt or its answers (the database refuses those), always a new
:class:`~assessments.models.ScoreCorrection` row with who, when and why.

:func:`current_result` is the score in force: the latest correction's, or
the attempt's own when nobody corrected it."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .attempts import MarkingError
from .models import ExamAnswer, ExamAttempt, ScoreCorrection
from .outcomes import result_corrected

CENT = Decimal("0.01")
CORRECTION_ACTION = "assessments.score_correction"
MARK_PERMISSION = "assessments.mark_examanswer"


def current_result(attempt):
    """(score, passed) in force for a final attempt
    (:meth:`ExamAttempt.result_in_force`; for many attempts read them with
    ``ExamAttempt.objects.with_effective_result()``)."""
    return attempt.result_in_force()


def _current_points(attempt):
    """{answer pk: points} as corrected so far."""
    points = {answer.pk: answer.points for answer in attempt.answers.all()}
    for correction in attempt.corrections.filter(answer__isnull=False).order_by("corrected_at", "pk"):
        points[correction.answer_id] = correction.points_after
    return points


def correct_mark(answer, points, *, by, reason, now=None):
    """Re-mark one answer of a final attempt: a new correction row carrying
    the answer's old and new points and the attempt's old and new score.
    Refused (MarkingError) without the marking permission, without a reason,
    before the score is final, or with points outside the question's."""
    if by is None or not by.has_perm(MARK_PERMISSION):
        raise MarkingError(_("只有阅卷人可以更正成绩。"))
    reason = (reason or "").strip()
    if not reason:
        raise MarkingError(_("更正成绩须写明理由。"))
    try:
        value = Decimal(str(points).strip())
    except (InvalidOperation, ValueError):
        raise MarkingError(_("得分必须是数字。")) from None
    if not value.is_finite() or value != value.quantize(CENT):
        raise MarkingError(_("得分必须是数字，最多两位小数。"))
    with transaction.atomic():
        attempt = ExamAttempt.objects.select_for_update().select_related("exam").get(pk=answer.attempt_id)
        if attempt.finalised_at is None:
            raise MarkingError(_("成绩尚未评定，请在阅卷中打分。"), attempt)
        answer = ExamAnswer.objects.get(pk=answer.pk)
        full = Decimal(str(attempt.question_map()[answer.key]["points"]))
        if value < 0 or value > full:
            raise MarkingError(_("得分须在 0 到 %(full)s 之间。") % {"full": full}, attempt)
        current = _current_points(attempt)
        score_before, _passed = current_result(attempt)
        before = current[answer.pk]
        current[answer.pk] = value
        total = sum((p or Decimal(0) for p in current.values()), Decimal("0.00"))
        score = (total * 100 / attempt.max_points).quantize(CENT, rounding=ROUND_HALF_UP) \
            if attempt.max_points else Decimal("0.00")
        correction = ScoreCorrection.objects.create(
            attempt=attempt, answer=answer, points_before=before, points_after=value,
            score_before=score_before, score_after=score, passed_after=score >= attempt.exam.pass_mark,
            reason=reason, corrected_by=by, corrected_at=now or timezone.now(),
        )
        log(instance=attempt, action=CORRECTION_ACTION, user=by,
            data={"from": str(score_before), "to": str(score), "reason": reason[:200]})
        result_corrected(attempt, now=correction.corrected_at)
        return correction
