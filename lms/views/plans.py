"""Training plans (HR draws them up, the general manager decides), the
departments' training-needs requests, and the training period after a
promotion or transfer."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import planning, post_change
from ..forms import NeedsRequestForm, PlanLineFormSet, PlanReviewForm, TrainingPlanForm
from ..models import (
    PlanKind,
    PlanLine,
    PostChangeTraining,
    ReviewResult,
    TraineePlanTable,
    TrainingPlan,
    TrainingSettings,
)
from ..rules import needs_request_due, next_month
from . import error_text

# ---- training plans ---------------------------------------------------------------


def _check_may_see_plans(user):
    if not planning.may_see_plans(user):
        raise PermissionDenied(_("培训计划仅人资部和总经理可见。"))


def _plan_forms(request, plan=None):
    """The plan's form and its course lines' formset, bound on POST; the
    lines are checked against the plan's kind and period once the plan's
    own fields are valid."""
    data = request.POST if request.method == "POST" else None
    form = TrainingPlanForm(data, instance=plan)
    lines = PlanLineFormSet(data, instance=plan or TrainingPlan(), prefix="lines",
                            queryset=PlanLine.objects.filter(plan=plan).order_by("sort_order", "pk")
                            if plan else PlanLine.objects.none())
    return form, lines


def _save_plan(request, form, lines):
    """Validate both and save them in one transaction: one bad line saves
    nothing. Returns the plan, or None (errors shown on the form)."""
    if not form.is_valid():
        lines.is_valid()  # each line's own errors are shown too
        return None
    lines.plan_fields = form.cleaned_data
    if not lines.is_valid():
        return None
    try:
        return planning.save_plan(form, lines, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return None


@login_required
def plan_list(request):
    if not planning.may_see_plans(request.user):
        return _plans_for_others(request)
    may_draw_up = planning.may_draw_up(request.user)
    form, lines = _plan_forms(request)
    if request.method == "POST":
        if not may_draw_up:
            raise PermissionDenied(_("此页面仅限人资部使用。"))
        plan = _save_plan(request, form, lines)
        if plan is not None:
            messages.success(request, _("已保存培训计划草稿。"))
            return redirect("lms:plan", plan.pk)
    if request.method != "POST" and request.GET.get("survey"):
        form.initial["needs_survey"] = request.GET["survey"]
    return TemplateResponse(request, "lms/plan_list.html", {
        "plans": TrainingPlan.objects.select_related("department"), "form": form, "lines": lines,
        "config": TrainingSettings.current(), "may_draw_up": may_draw_up,
    })


def _plans_for_others(request):
    """培训计划 for those who do not see every plan: no dead end. A
    department head reads their department's approved plans; a trainee
    finds their plan table; everyone learns who draws plans up and where
    their own training is."""
    user = request.user
    return TemplateResponse(request, "lms/plans_for_others.html", {
        "plans": planning.department_plans(user),
        "heads": list(planning.headed_departments(user)),
        "plan_table": TraineePlanTable.objects.filter(trainee=user).first(),
    })


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(TrainingPlan.objects.select_related("department", "needs_survey", "created_by",
                                                                 "decided_by"), pk=pk)
    if not planning.may_read_plan(plan, request.user):
        raise PermissionDenied(_("培训计划仅人资部、总经理和本部门负责人（已批准的本部门计划）可见。"))
    review_form = PlanReviewForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                planning.submit(plan, request.user)
                messages.success(request, _("已报培训管理部门审核。"))
            elif action in ("pass", "return"):
                if review_form.is_valid():
                    data = review_form.cleaned_data
                    planning.review(plan, request.user, action == "pass", data["comments"],
                                    reasonable=data["reasonable"], feasible=data["feasible"],
                                    aligned=data["aligned"], resources=data["resources"])
                    messages.success(request, _("已审核。") if action == "pass" else _("已退回编制人。"))
            elif action in ("approve", "reject"):
                planning.decide(plan, request.user, action == "approve", request.POST.get("note", ""))
                messages.success(request, _("已审批。"))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("lms:plan", plan.pk)
    return TemplateResponse(request, "lms/plan_detail.html", {
        "plan": plan, "may_approve": planning.may_decide(plan, request.user),
        "may_review": planning.may_review(plan, request.user), "review_form": review_form,
        "may_submit": planning.may_submit(plan, request.user), "may_edit": planning.may_edit(plan, request.user),
        "kinds": PlanKind, "reviews": plan.reviews.select_related("reviewer"),
        "lines": planning.plan_lines(plan),
    })


@login_required
def plan_edit(request, pk):
    """The author edits a draft or a returned plan and its course lines
    before (re)submitting it; once submitted, both are locked."""
    plan = get_object_or_404(TrainingPlan, pk=pk)
    if not planning.may_edit(plan, request.user):
        raise PermissionDenied(_("只有草稿或被退回的计划可以由人资部修改。"))
    form, lines = _plan_forms(request, plan)
    if request.method == "POST":
        if _save_plan(request, form, lines) is not None:
            messages.success(request, _("已保存培训计划。"))
            return redirect("lms:plan", plan.pk)
    return TemplateResponse(request, "lms/plan_edit.html", {"plan": plan, "form": form, "lines": lines})


# ---- training-needs requests ------------------------------------------------------------


@login_required
def needs_list(request):
    profile = getattr(request.user, "profile", None)
    form = NeedsRequestForm(request.POST or None, initial={
        "month": next_month(timezone.localdate()), "department": getattr(profile, "department", None)})
    if request.method == "POST" and form.is_valid():
        if not planning.may_request_for(request.user, form.cleaned_data["department"]):
            raise PermissionDenied(_("只能提交本部门的培训需求。"))
        needs = form.save(commit=False)
        needs.requested_by = request.user
        try:
            with transaction.atomic():
                needs.save()
        except IntegrityError:  # submitted meanwhile from another tab
            messages.error(request, _("该部门该月的培训需求申请表已提交。"))
        else:
            messages.success(request, _("已提交培训需求申请表。"))
            return redirect("lms:needs")
    config = TrainingSettings.current()
    month = next_month(timezone.localdate())
    return TemplateResponse(request, "lms/needs.html", {
        "form": form, "requests": planning.needs_requests_for(request.user)[:50], "month": month,
        "due": needs_request_due(month, config.needs_request_due_day), "config": config,
    })


# ---- the training period after a promotion or transfer -------------------------------------


@login_required
def post_change_detail(request, pk):
    record = get_object_or_404(PostChangeTraining.objects.select_related("person", "to_department"), pk=pk)
    may_review = post_change.can_review(record, request.user)
    if not (request.user.pk == record.person_id or may_review):
        raise PermissionDenied(_("您无权查看此记录。"))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "summary":
                post_change.submit_summary(record, request.user, request.POST.get("summary", ""))
                messages.success(request, _("已提交工作总结。"))
            else:
                post_change.review(record, request.user, request.POST.get("result"), request.POST.get("note", ""))
                messages.success(request, _("已审核。"))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("lms:post_change", record.pk)
    return TemplateResponse(request, "lms/post_change.html", {
        "record": record, "results": ReviewResult.choices, "may_review": may_review,
        "is_person": request.user.pk == record.person_id,
    })
