"""Placement results 摸底考试结果: recording a final placement attempt and
applying its level to the trainee's plan table.

The position and level come from :func:`assessments.rules.placement.place`,
by the position bands of the grade scheme in force on the day the score
became final (data, versioned with the scheme). A practical placement part
(必要时实际操作) is recorded with :func:`record_practical_part`: the score
becomes the mean of both parts and the level is worked out again.
It goes to the trainee's plan table 培训计划表
(:class:`lms.models.TraineePlanTable`, ``level`` and ``placement_score``).
Every final placement attempt is recorded as a :class:`PlacementResult`. It
is applied at once to a table that is still being drawn up or awaiting
approval; a trainee without a table gets it applied when HR creates one
(:func:`apply_pending_placement`, called from the ``post_save`` signal in
:mod:`assessments.signals`). An approved table is not changed behind the
approver's back: the result is recorded with a note and HR decides.
"""
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import TableStatus, TraineePlanTable

from .models import PlacementResult
from .rules.placement import place

CENT = Decimal("0.01")

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
    placement = place(attempt.score, on=timezone.localdate(now))
    result, _created = PlacementResult.objects.get_or_create(
        attempt=attempt, defaults={"trainee": attempt.user, "written_score": attempt.score,
                                   "score": placement.score, "position": placement.position,
                                   "level": placement.level, "reason": placement.reason[:255],
                                   "created_at": now})
    table = TraineePlanTable.objects.filter(trainee=attempt.user).first()
    if table is not None:
        _apply(result, table, now)
    return result


def correct_written_part(attempt, score, *, now=None):
    """A correction changed placement ``attempt``'s written score: the
    result is worked out again from the corrected score (and the practical
    part, if one was recorded) and applied to a table that may still change."""
    now = now or timezone.now()
    result = PlacementResult.objects.select_for_update().filter(attempt=attempt).first()
    if result is None:
        return record_placement(attempt, now=now)
    placement = place(score, result.practical_score, on=timezone.localdate(now)) \
        if result.practical_score is not None else place(score, on=timezone.localdate(now))
    result.written_score = score
    return _placed_again(result, placement, now)


@transaction.atomic
def record_practical_part(result, score, by, *, note="", now=None):
    """Record the practical placement part 实际操作摸底 of ``result``: the
    placement score becomes the mean of both parts, the position and level
    are worked out again and applied to a table that may still change.
    Raises ValueError for a score outside 0–100 or when ``by`` may not
    draw up plan tables."""
    if by is None or not (by.has_perm("lms.add_traineeplantable") or by.has_perm("lms.change_traineeplantable")):
        raise ValueError(_("只有售后部经理或人资部可以记录实际操作摸底成绩。"))
    now = now or timezone.now()
    result = PlacementResult.objects.select_for_update().get(pk=result.pk)
    written = result.written_score if result.written_score is not None else result.score
    placement = place(written, score, on=timezone.localdate(now))
    result.practical_score, result.practical_note = placement_part(score), (note or "").strip()[:255]
    return _placed_again(result, placement, now)


def _placed_again(result, placement, now):
    """Store a recomputed ``placement`` on ``result`` and apply it to the
    trainee's table while that table may still change."""
    result.score, result.position, result.level = placement.score.quantize(CENT), placement.position, placement.level
    result.reason = placement.reason[:255]
    result.applied_at = None
    result.save()
    table = TraineePlanTable.objects.filter(trainee_id=result.trainee_id).first()
    if table is not None:
        _apply(result, table, now)
    return result


def placement_part(score):
    return Decimal(str(score)).quantize(CENT)


def apply_pending_placement(table, *, now=None):
    """Apply the trainee's latest placement result to ``table`` (a new plan
    table) if it has not been applied yet. Returns the result or None."""
    result = (PlacementResult.objects.filter(trainee_id=table.trainee_id, applied_at__isnull=True)
              .order_by("-created_at", "-pk").first())
    if result is None:
        return None
    _apply(result, table, now or timezone.now())
    return result
