"""What waits on a person in assessments (我的待办), beyond exams under way,
course exams and score sheets: the written exams a trainee is due to take
and, for markers, the short answers waiting in the 阅卷 queue. A fixed
number of queries, however many tasks there are."""
from django.db.models import Exists, Q
from django.utils import timezone

from lms.models import TableStatus, TraineePlanTable
from people.counting import counts_for

from .attempts import marking_queue
from .models import AttemptStatus, ExamAttempt, ExamPage, ExamPurpose, PlacementResult, PracticalExam, ScoreSheet

MARK_PERMISSION = "assessments.mark_examanswer"

#: Which exams a trainee is due to take, by the state of their plan table:
#: the placement test before the table is approved, the grading written
#: exam while training.
PURPOSES_BY_TABLE = {
    TableStatus.DRAFT: (ExamPurpose.PLACEMENT,),
    TableStatus.SUBMITTED: (ExamPurpose.PLACEMENT,),
    TableStatus.APPROVED: (ExamPurpose.GRADING,),
}


def exams_to_take(user, now=None):
    """Live exams in their window that ``user``'s plan table calls for and
    that they have not attempted (a placement test only until they have a
    placement result). Lazy: one query when read or counted."""
    now = now or timezone.now()
    table = TraineePlanTable.objects.filter(trainee=user)
    called_for = Q(pk__in=[])
    for status, purposes in PURPOSES_BY_TABLE.items():
        called_for |= Q(purpose__in=purposes) & Exists(table.filter(status=status))
    placed = Exists(PlacementResult.objects.filter(trainee=user))
    attempted = ExamAttempt.objects.filter(user=user).values("exam_id")
    return (ExamPage.objects.live().filter(called_for)
            .exclude(Q(purpose=ExamPurpose.PLACEMENT) & placed)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
            .exclude(pk__in=attempted).order_by("closes_at", "pk"))


def practical_to_score(user):
    """Practical exams whose panel waits for ``user``'s score sheet."""
    scored = ScoreSheet.objects.filter(examiner=user).values("exam_id")
    return (PracticalExam.objects.assigned_to(user).filter(open_for_scoring=True, finalised_at__isnull=True)
            .exclude(pk__in=scored).select_related("trainee").order_by("scheduled_on", "pk"))


def answers_to_mark(user):
    """The 阅卷 queue, for those who may mark."""
    queue = marking_queue()
    return queue if user.is_active and user.has_perm(MARK_PERMISSION) else queue.none()


def task_querysets(user, now=None):
    """The header badge's share, as querysets to count: exams under way or
    due, score sheets to fill, short answers to mark (for markers)."""
    querysets = {
        "under_way": ExamAttempt.objects.filter(user=user, status=AttemptStatus.IN_PROGRESS),
        "to_take": exams_to_take(user, now),
        "to_score": practical_to_score(user),
    }
    if user.has_perm(MARK_PERMISSION):
        querysets["to_mark"] = marking_queue()
    return querysets


def task_count(user, now=None):
    """The header badge's share, in one query."""
    return sum(counts_for(user, **task_querysets(user, now)).values())


def assessment_figures():
    """HR's dashboard: short answers waiting for a marker, practical exams
    whose panel is still scoring (two counts)."""
    return {
        "to_mark": marking_queue().count(),
        "scoring": PracticalExam.objects.filter(open_for_scoring=True, finalised_at__isnull=True).count(),
    }
