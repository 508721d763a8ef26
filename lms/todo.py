"""What waits on a person in training (我的待办), beyond their courses:
plan-table entries to sign (trainee), today's entry to write (trainer),
plan tables to approve (常务副总), training plans to review (培训管理部门)
or approve (总经理), plans returned to their author, and needs surveys a
department head is asked to answer.
Each function runs a fixed number of queries, however many tasks there are."""
from django.db.models import Exists, F, OuterRef

from people.counting import counts_for

from .models import Enrolment, PlanEntry, PlanEvent, PlanItem, PlanStatus, TableStatus, TraineePlanTable, TrainingPlan
from .models.plan_tables import TRAINEE_EVENTS
from .needs_surveys import surveys_to_answer
from .planning import APPROVE as APPROVE_PLAN
from .planning import REVIEW as REVIEW_PLAN
from .planning import SUBMIT as SUBMIT_PLAN
from .traineeship import APPROVE as APPROVE_TABLE


def entries_to_sign(user):
    """The trainer's entries on ``user``'s own plan table that they have
    neither signed nor disputed, oldest first."""
    answered = PlanEvent.objects.filter(entry=OuterRef("pk"), kind__in=TRAINEE_EVENTS)
    return (PlanEntry.objects.filter(item__table__trainee=user).exclude(Exists(answered))
            .select_related("item__table").order_by("actual_date", "pk"))


def entries_to_write(user, today):
    """The stages ``user`` trains on right now (the current line of an
    approved table) with no entry for ``today`` yet."""
    written_today = PlanEntry.objects.filter(item=OuterRef("pk"), actual_date=today)
    return (PlanItem.objects.filter(trainer=user, table__status=TableStatus.APPROVED, table__current_item=F("pk"))
            .exclude(Exists(written_today)).select_related("table__trainee").order_by("table_id"))


def tables_to_approve(user):
    if not user.has_perm(APPROVE_TABLE):
        return TraineePlanTable.objects.none()
    return TraineePlanTable.objects.filter(status=TableStatus.SUBMITTED).select_related("trainee").order_by("pk")


def plans_to_approve(user):
    if not user.has_perm(APPROVE_PLAN):
        return TrainingPlan.objects.none()
    return TrainingPlan.objects.filter(status=PlanStatus.REVIEWED).order_by("pk")


def plans_to_review(user):
    """Submitted plans for the training-management department (not their own)."""
    if not user.has_perm(REVIEW_PLAN):
        return TrainingPlan.objects.none()
    return TrainingPlan.objects.filter(status=PlanStatus.SUBMITTED).exclude(created_by=user).order_by("pk")


def plans_returned(user):
    """The author's plans sent back by the review or by management."""
    if not user.has_perm(SUBMIT_PLAN):
        return TrainingPlan.objects.none()
    return TrainingPlan.objects.filter(status=PlanStatus.REJECTED, created_by=user).order_by("pk")


def task_querysets(user, today):
    """The header badge's share, as querysets to count: courses not
    completed, entries to sign or write, and (for those who may approve)
    tables and plans to approve."""
    querysets = {
        "courses": Enrolment.objects.filter(user=user, course__live=True, completed_at__isnull=True),
        "to_sign": entries_to_sign(user),
        "to_write": entries_to_write(user, today),
    }
    if user.has_perm(APPROVE_TABLE):
        querysets["tables"] = tables_to_approve(user)
    if user.has_perm(APPROVE_PLAN):
        querysets["plans"] = plans_to_approve(user)
    if user.has_perm(REVIEW_PLAN):
        querysets["plans_to_review"] = plans_to_review(user)
    if user.has_perm(SUBMIT_PLAN):
        querysets["plans_returned"] = plans_returned(user)
    querysets["needs_surveys"] = surveys_to_answer(user, today)
    return querysets


def task_count(user, today):
    """The header badge's share, in one query."""
    return sum(counts_for(user, **task_querysets(user, today)).values())


def training_figures(today):
    """HR's dashboard: trainees in training, plan tables waiting for the
    常务副总, course enrolments past their due date (three counts)."""
    tables = TraineePlanTable.objects.all()
    return {
        "in_training": tables.filter(status=TableStatus.APPROVED).count(),
        "awaiting_approval": tables.filter(status=TableStatus.SUBMITTED).count(),
        "overdue_courses": Enrolment.objects.filter(course__live=True, completed_at__isnull=True,
                                                    due_date__lt=today).count(),
    }
