"""Training plans and the departments' training-needs requests: who sees and
draws up plans, submission (报批) within the lead time, the general manager's
decision, and which departments still owe next month's request.

HR draws plans up (``lms.add_trainingplan``, ``lms.change_trainingplan``),
the general manager approves them (``lms.approve_trainingplan``); both see
them (``lms.view_trainingplan``). HR sees every department's needs requests
and may file one for any department (``lms.view_trainingneedsrequest``,
``lms.add_trainingneedsrequest``); anyone else files for their own."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.models import Department

from .models import PlanStatus, TrainingNeedsRequest, TrainingPlan
from .notifying import notify_holders

SEE = "lms.view_trainingplan"
DRAW_UP = "lms.add_trainingplan"
SUBMIT = "lms.change_trainingplan"
APPROVE = "lms.approve_trainingplan"


# ---- training plans -----------------------------------------------------------


def may_see_plans(user):
    return user.has_perm(SEE)


def headed_departments(user):
    """The departments ``user`` heads (部门负责人)."""
    return Department.objects.filter(head=user) if getattr(user, "is_authenticated", False) else Department.objects.none()


def department_plans(user):
    """The approved plans a department head may read without seeing every
    plan: those of the departments they head (company-wide plans stay HR's
    and the general manager's, who see everything through :data:`SEE`)."""
    return TrainingPlan.objects.filter(status=PlanStatus.APPROVED, department__in=headed_departments(user)) \
        .select_related("department")


def may_read_plan(plan, user):
    """Whether ``user`` may open ``plan``: those who see every plan, and the
    head of the plan's department once it is approved."""
    return may_see_plans(user) or (plan.status == PlanStatus.APPROVED and plan.department_id is not None
                                   and plan.department.head_id == user.pk)


def may_draw_up(user):
    return user.has_perm(DRAW_UP)


def may_submit(plan, user):
    return plan.status in (PlanStatus.DRAFT, PlanStatus.REJECTED) and user.has_perm(SUBMIT)


def may_decide(plan, user):
    return plan.status == PlanStatus.SUBMITTED and user.has_perm(APPROVE)


def submit(plan, by, today=None):
    """Send the plan to the general manager (报批) on ``today``: refused
    when it comes later than the lead time allows (see
    :meth:`lms.models.TrainingPlan.clean`)."""
    if not by.has_perm(SUBMIT):
        raise PermissionDenied(_("培训计划由人资部报批。"))
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
        raise ValidationError(_("该计划已报批。"))
    plan.submitted_on = today or timezone.localdate()
    plan.full_clean()
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    log(plan, "lms.plan.submit", user=by)
    notify_holders(
        APPROVE, key=f"lms-plan-submitted:{plan.pk}:{plan.submitted_on}",
        title=_("培训计划待审批：%s") % plan.title, url=reverse("lms:plan", args=[plan.pk]),
    )


def decide(plan, by, approve, note="", now=None):
    """The general manager approves the plan or sends it back."""
    if not by.has_perm(APPROVE):
        raise PermissionDenied(_("培训计划须由总经理审批。"))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("只有待审批的计划可以审批。"))
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.REJECTED
    plan.decided_by, plan.decided_at, plan.decision_note = by, now or timezone.now(), note
    plan.save()
    log(plan, "lms.plan.approve" if approve else "lms.plan.reject", user=by)


# ---- training-needs requests ------------------------------------------------------


def may_request_for(user, department):
    """Whether ``user`` may file ``department``'s needs request: HR, the
    department's head, or one of its members."""
    profile = getattr(user, "profile", None)
    return (
        user.has_perm("lms.add_trainingneedsrequest")
        or department.head_id == user.pk
        or (profile is not None and profile.department_id == department.pk)
    )


def needs_requests_for(user):
    """The requests ``user`` sees: all for HR, their department's otherwise."""
    requests = TrainingNeedsRequest.objects.select_related("department", "requested_by")
    if user.has_perm("lms.view_trainingneedsrequest"):
        return requests
    return requests.filter(department_id=getattr(getattr(user, "profile", None), "department_id", None))


def departments_missing_needs(month):
    """Departments without a training-needs request for ``month``."""
    done = TrainingNeedsRequest.objects.filter(month=month.replace(day=1)).values("department_id")
    return list(Department.objects.exclude(pk__in=done).select_related("head"))
