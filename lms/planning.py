"""Training plans and the departments' training-needs requests: who sees and
draws up plans, submission (报批) within the lead time, the two approval
steps, and which departments still owe next month's request.

HR draws plans up (``lms.add_trainingplan``, ``lms.change_trainingplan``)
and submits them; the training-management department reviews them
(``lms.review_trainingplan``: 合理性、可行性、与业务目标一致、资源配置);
management approves them (``lms.approve_trainingplan``). Either step may
return the plan with comments: it goes back to its author, who edits and
submits it again, and it starts over at the review. The states:

    draft ─submit→ submitted ─review(pass)→ reviewed ─decide(approve)→ approved
                       └─review(return)→ rejected ←decide(return)─┘
    rejected ─submit→ submitted

HR sees every needs request and may file one for any department
(``lms.view_trainingneedsrequest``, ``lms.add_trainingneedsrequest``);
anyone else files for their own."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.models import Department

from . import rules
from .models import (
    PlanReview,
    PlanStatus,
    ReviewOutcome,
    ReviewStage,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSettings,
    course_schedule_error,
    in_trainer_pool,
)
from .notifying import notify_holders, notify_user

SEE = "lms.view_trainingplan"
DRAW_UP = "lms.add_trainingplan"
SUBMIT = "lms.change_trainingplan"
REVIEW = "lms.review_trainingplan"
APPROVE = "lms.approve_trainingplan"

EDITABLE = (PlanStatus.DRAFT, PlanStatus.REJECTED)


# ---- training plans -----------------------------------------------------------


def may_see_plans(user):
    return user.has_perm(SEE) or user.has_perm(REVIEW) or user.has_perm(APPROVE)


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


def may_edit(plan, user):
    return plan.status in EDITABLE and user.has_perm(SUBMIT)


def may_submit(plan, user):
    return plan.status in EDITABLE and user.has_perm(SUBMIT)


def may_review(plan, user):
    return plan.status == PlanStatus.SUBMITTED and user.has_perm(REVIEW) and user.pk != plan.created_by_id


def may_decide(plan, user):
    return plan.status == PlanStatus.REVIEWED and user.has_perm(APPROVE)


def line_period_error(line, starts_on, ends_on):
    """Why ``line``'s training time falls outside the plan's period
    (``starts_on``–``ends_on``), or ``None``."""
    first, last = line.days
    if first is None or starts_on is None or ends_on is None:
        return None
    if line.month and not line.starts_on:
        if last < starts_on or first > ends_on:
            return _("培训月份须在计划期间（%(start)s 至 %(end)s）内。") % {
                "start": starts_on.isoformat(), "end": ends_on.isoformat()}
        return None
    if first < starts_on or last > ends_on:
        return _("培训时间须在计划期间（%(start)s 至 %(end)s）内。") % {
            "start": starts_on.isoformat(), "end": ends_on.isoformat()}
    return None


def lead_time_problem(kind, lines, plan_starts_on, submitted_on=None):
    """The lead-time rule with course lines: a monthly or temporary plan
    goes for approval far enough ahead of its first training (the earliest
    line; the plan's own start when it has no line). ``None`` when in time."""
    config = TrainingSettings.current()
    return rules.plan_lead_time_error(
        kind, [line.first_day for line in lines], plan_starts_on, submitted_on or timezone.localdate(),
        monthly_days=config.monthly_plan_lead_days, temporary_days=config.temporary_plan_lead_days,
    )


def plan_lines(plan):
    """The plan's course lines, in order, with their course and trainers."""
    return list(plan.lines.select_related("course").prefetch_related("trainers").order_by("sort_order", "pk"))


def plan_problems(plan, lines=None):
    """What stops ``plan`` going for approval beyond its own fields (which
    :meth:`lms.models.TrainingPlan.clean` checks): it needs at least one
    course line; each line's course must be filed and its trainers in the
    trainer pool, its time within the plan's period; and the first training
    must leave the lead time (:func:`lead_time_problem`)."""
    lines = plan_lines(plan) if lines is None else lines
    if not lines:
        return [_("培训计划至少须有一项培训课程明细。")]
    problems = []
    for number, line in enumerate(lines, start=1):
        prefix = _("第 %(n)d 项（%(course)s）：") % {
            "n": number, "course": line.course.title if line.course_id else _("未选课程")}
        if not line.course_id:
            problems.append(prefix + _("请选择培训课程。"))
        message = course_schedule_error(line.course_id)
        if message:
            problems.append(prefix + message)
        outside = [t for t in line.trainers.all() if not in_trainer_pool(t)]
        if outside:
            names = "、".join(t.get_full_name() or t.get_username() for t in outside)
            problems.append(prefix + _("培训师资须为师资库成员：%s 不在师资库中。") % names)
        try:
            line.clean()
        except ValidationError as error:
            problems.extend(prefix + message for message in error.messages)
        message = line_period_error(line, plan.starts_on, plan.ends_on)
        if message:
            problems.append(prefix + message)
    message = lead_time_problem(plan.kind, lines, plan.starts_on, plan.submitted_on)
    if message:
        problems.append(message)
    return problems


@transaction.atomic
def save_plan(form, lines, by):
    """Save a plan's form and its course lines (a valid
    :class:`lms.forms.PlanLineFormSet`) together: all or nothing. A new plan
    is ``by``'s; an existing one must still be a draft or returned (its
    lines are locked from submission until it is returned), checked on the
    locked row so a submission from another tab wins."""
    plan = form.instance
    if plan.pk is None:
        if not may_draw_up(by):
            raise PermissionDenied(_("培训计划由人资部编制。"))
        plan.created_by = by
    else:
        status = TrainingPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
        if status not in EDITABLE or not by.has_perm(SUBMIT):
            raise ValidationError(_("该计划已报批，课程明细已锁定；退回后方可修改。"))
    plan = form.save()
    lines.instance = plan
    lines.save(commit=False)
    for line in lines.deleted_objects:
        line.delete()
    alive = [f.instance for f in lines.forms
             if f not in lines.deleted_forms and (f.instance.pk or f.has_changed())]
    for order, line in enumerate(sorted(alive, key=lambda line: (line.first_day, line.pk or 0))):
        line.plan, line.sort_order = plan, order
        line.save()
    lines.save_m2m()
    log(plan, "lms.plan.edit", user=by)
    return plan


@transaction.atomic
def submit(plan, by, today=None):
    """Send the plan to the training-management department's review (报批)
    on ``today``: refused when it has no course line, comes later than the
    lead time allows before its first training, or a line names a trainer
    outside the pool or an unfiled course (:func:`plan_problems`). A returned plan is submitted again the same
    way and starts over at the review."""
    if not by.has_perm(SUBMIT):
        raise PermissionDenied(_("培训计划由人资部报批。"))
    if plan.status not in EDITABLE:
        raise ValidationError(_("该计划已报批。"))
    plan.submitted_on = today or timezone.localdate()
    plan.full_clean()
    problems = plan_problems(plan)
    if problems:
        raise ValidationError(problems)
    plan.status = PlanStatus.SUBMITTED
    plan.decided_by, plan.decided_at, plan.decision_note = None, None, ""
    plan.save()
    log(plan, "lms.plan.submit", user=by)
    notify_holders(
        REVIEW, key=f"lms-plan-submitted:{plan.pk}:{plan.submitted_on}:{plan.reviews.count()}",
        title=_("培训计划待审核：%s") % plan.title, url=plan.get_absolute_url(),
    )


def _return_to_author(plan, by, stage, comments):
    notify_user(
        plan.created_by, key=f"lms-plan-returned:{plan.pk}:{plan.reviews.count()}",
        title=_("培训计划被退回：%s") % plan.title,
        body=_("%(stage)s意见：%(comments)s") % {"stage": ReviewStage(stage).label, "comments": comments},
        url=plan.get_absolute_url(),
    )


@transaction.atomic
def review(plan, by, passed, comments="", *, reasonable=None, feasible=None, aligned=None, resources=None,
           now=None):
    """The training-management department's review: passes the plan on to
    management or returns it to its author. A return needs comments; the
    author may not review their own plan."""
    if not by.has_perm(REVIEW):
        raise PermissionDenied(_("培训计划须由培训管理部门审核。"))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("只有已报批、待审核的计划可以审核。"))
    if by.pk == plan.created_by_id:
        raise PermissionDenied(_("编制人不能审核自己编制的计划。"))
    comments = (comments or "").strip()
    if not passed and not comments:
        raise ValidationError(_("退回计划须填写审核意见。"))
    PlanReview.objects.create(
        plan=plan, stage=ReviewStage.REVIEW, outcome=ReviewOutcome.PASSED if passed else ReviewOutcome.RETURNED,
        reviewer=by, reasonable=reasonable, feasible=feasible, aligned=aligned, resources=resources,
        comments=comments, at=now or timezone.now(),
    )
    plan.status = PlanStatus.REVIEWED if passed else PlanStatus.REJECTED
    plan.save(update_fields=["status"])
    log(plan, "lms.plan.review" if passed else "lms.plan.return", user=by)
    if passed:
        notify_holders(
            APPROVE, key=f"lms-plan-reviewed:{plan.pk}:{plan.reviews.count()}",
            title=_("培训计划待审批：%s") % plan.title, url=plan.get_absolute_url(),
        )
    else:
        _return_to_author(plan, by, ReviewStage.REVIEW, comments)


@transaction.atomic
def decide(plan, by, approve, note="", now=None):
    """Management approves the reviewed plan or returns it with comments."""
    if not by.has_perm(APPROVE):
        raise PermissionDenied(_("培训计划须由总经理审批。"))
    if plan.status == PlanStatus.SUBMITTED:
        raise ValidationError(_("该计划尚未经培训管理部门审核，不能审批。"))
    if plan.status != PlanStatus.REVIEWED:
        raise ValidationError(_("只有经培训管理部门审核通过的计划可以审批。"))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(_("退回计划须填写审批意见。"))
    now = now or timezone.now()
    PlanReview.objects.create(
        plan=plan, stage=ReviewStage.APPROVAL,
        outcome=ReviewOutcome.PASSED if approve else ReviewOutcome.RETURNED, reviewer=by, comments=note, at=now,
    )
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.REJECTED
    plan.decided_by, plan.decided_at, plan.decision_note = by, now, note
    plan.save()
    log(plan, "lms.plan.approve" if approve else "lms.plan.reject", user=by)
    if not approve:
        _return_to_author(plan, by, ReviewStage.APPROVAL, note)


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
