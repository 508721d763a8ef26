"""The trainer pool 师资库: ratings from surveys and results of trainees."""
import dataclasses

from .models import (
    Attendance,
    AttendanceStatus,
    EventKind,
    PlanEntry,
    PlanEvent,
    PlanItem,
    SurveySubmission,
)
from .surveys import rating_mean


def trainer_rating(user):
    """Mean of the rating answers in the surveys of sessions ``user`` taught."""
    submissions = SurveySubmission.objects.filter(session__trainer=user).select_related("page")
    return rating_mean(submissions)


@dataclasses.dataclass
class TraineeResults:
    trainees: int
    entries: int
    signed: int
    disputed: int
    sent_back: int
    sessions: int
    attendance_rate: float = None


def trainee_results(user):
    """What the trainer's trainees did: plan-table entries signed or
    disputed, send-backs, sessions and their attendance. (Their exam results,
    which decide the trainer's accountability, are the assessments app's:
    ``assessments.accountability``.)"""
    items = PlanItem.objects.filter(trainer=user)
    entries = PlanEntry.objects.filter(trainer=user)
    events = PlanEvent.objects.filter(entry__trainer=user)
    attendances = Attendance.objects.filter(session__trainer=user)
    total = attendances.count()
    attended = attendances.exclude(status=AttendanceStatus.ABSENT).count()
    return TraineeResults(
        trainees=items.values("table__trainee").distinct().count(),
        entries=entries.count(),
        signed=events.filter(kind=EventKind.SIGNED).count(),
        disputed=events.filter(kind=EventKind.DISPUTED).count(),
        sent_back=PlanEvent.objects.filter(kind=EventKind.SENT_BACK, actor=user).count(),
        sessions=user.sessions_taught.count(),
        attendance_rate=round(100 * attended / total, 1) if total else None,
    )
