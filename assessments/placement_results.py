"""Placement results 摸底考试结果: recording a final placement attempt and
applying its level to the trainee's plan table.

The level comes from :func:`assessments.rules.placement.placement_level`.
It goes to the trainee's plan table 培训计划表
(:class:`lms.models.TraineePlanTable`, ``level`` and ``placement_score``).
Every final placement attempt is recorded as a :class:`PlacementResult`. It
is applied at once to a table that is still being drawn up or awaiting
approval; a trainee without a table gets it applied when HR creates one
(:func:`apply_pending_placement`, called from the ``post_save`` signal in
:mod:`assessments.signals`). An approved table is not changed behind the
approver's back: the result is recorded with a note and HR decides.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import TableStatus, TraineePlanTable

from .models import PlacementResult
from .rules.placement import placement_level

#: Tables a placement result may still change.
OPEN_TABLE_STATUSES = (TableStatus.DRAFT, TableStatus.SUBMITTED)


def _apply(result, table, now):
    if table.status not in OPEN_TABLE_STATUSES:
        result.table = table
        result.note = _("培训计划表已批准，层级未自动修改，请人资部确认是否调整。")
        result.save(update_fields=["table", "note"])
        return False
    table.level = result.level
    table.placement_score = result.score
    table.save(update_fields=["level", "placement_score"])
    result.table = table
    result.applied_at = now
    result.note = ""
    result.save(update_fields=["table", "applied_at", "note"])
    return True


def record_placement(attempt, *, now=None):
    """Record the result of a final placement ``attempt`` and apply it to
    the trainee's plan table if there is one that may still change."""
    now = now or timezone.now()
    exam = attempt.exam
    level = placement_level(attempt.score, exam.placement_intermediate_from, exam.placement_advanced_from)
    result, _created = PlacementResult.objects.get_or_create(
        attempt=attempt, defaults={"trainee": attempt.user, "score": attempt.score, "level": level,
                                   "created_at": now})
    table = TraineePlanTable.objects.filter(trainee=attempt.user).first()
    if table is not None:
        _apply(result, table, now)
    return result


def apply_pending_placement(table, *, now=None):
    """Apply the trainee's latest placement result to ``table`` (a new plan
    table) if it has not been applied yet. Returns the result or None."""
    result = (PlacementResult.objects.filter(trainee_id=table.trainee_id, applied_at__isnull=True)
              .order_by("-created_at", "-pk").first())
    if result is None:
        return None
    _apply(result, table, now or timezone.now())
    return result
