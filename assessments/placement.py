"""The placement test 摸底考试: its final score sets the trainee's plan level.

The rule is :func:`placement_level`, a plain function of the score and the
two thresholds, which are data on the exam page (defaults: below 60 basic
基础, 60–79.99 intermediate 中级, 80 and above advanced 高级).

Where the level goes: the trainee's plan table 培训计划表
(:class:`lms.models.TraineePlanTable`, ``level`` and ``placement_score``).
Every final placement attempt is recorded as a :class:`PlacementResult`. It
is applied at once to a table that is still being drawn up or awaiting
approval; a trainee without a table gets it applied when HR creates one
(:func:`apply_pending_placement`, called from a ``post_save`` signal). An
approved table is not changed behind the approver's back: the result is
recorded with a note and HR decides.
"""
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import AfterSalesLevel, TableStatus, TraineePlanTable

from .models import PlacementResult

DEFAULT_INTERMEDIATE_FROM = Decimal("60")
DEFAULT_ADVANCED_FROM = Decimal("80")
#: Tables a placement result may still change.
OPEN_TABLE_STATUSES = (TableStatus.DRAFT, TableStatus.SUBMITTED)


def placement_level(score, intermediate_from=DEFAULT_INTERMEDIATE_FROM, advanced_from=DEFAULT_ADVANCED_FROM):
    """The plan level for a placement ``score`` (0–100): ``advanced`` from
    ``advanced_from`` up, ``intermediate`` from ``intermediate_from`` up,
    else ``basic``. Thresholds are inclusive lower bounds."""
    score, intermediate_from, advanced_from = (Decimal(str(v)) for v in (score, intermediate_from, advanced_from))
    if not (Decimal(0) <= score <= Decimal(100)):
        raise ValueError(_("摸底考试成绩须在 0 到 100 之间，收到的是 %(score)s。") % {"score": score})
    if advanced_from < intermediate_from:
        raise ValueError(_("高级分数线不能低于中级分数线。"))
    if score >= advanced_from:
        return AfterSalesLevel.ADVANCED.value
    if score >= intermediate_from:
        return AfterSalesLevel.INTERMEDIATE.value
    return AfterSalesLevel.BASIC.value


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


def latest_placement(trainee):
    """The trainee's most recent placement result, or None."""
    return PlacementResult.objects.filter(trainee=trainee).order_by("-created_at", "-pk").first()
