"""The trainee's plan table 培训计划表: HR draws it up, the executive VP
approves it, the trainer writes the day's entries, the trainee signs or
disputes them; printed and as a PDF. Who may do what is
:mod:`lms.traineeship`'s to say."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import aftersales, traineeship
from ..forms import EntryForm, PlanItemForm, PlanTableForm
from ..models import GoalShortfall, HandlingOpinion, PlanEntry, PlanItem, TraineePlanTable
from ..pdf import plan_table_pdf as render_plan_table
from . import error_text


@login_required
def my_plan_table(request):
    table = TraineePlanTable.objects.filter(trainee=request.user).first()
    if table is None:
        messages.info(request, _("您没有培训计划表。"))
        return redirect("lms:my_learning")
    return redirect(table.get_absolute_url())


@login_required
def plan_table_list(request):
    return TemplateResponse(request, "lms/plan_table_list.html", {
        "tables": traineeship.tables_for(request.user), "may_draw_up": traineeship.may_draw_up(request.user)})


@login_required
def plan_table_new(request):
    """HR draws up a trainee's plan table; the lines are added on its page."""
    if not traineeship.may_draw_up(request.user):
        raise PermissionDenied(_("此页面仅限人资部使用。"))
    form = PlanTableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = traineeship.create_table(data["trainee"], request.user, source=data["source"],
                                             sponsor=data["sponsor"], sponsor_email=data["sponsor_email"],
                                             lead_department=data["lead_department"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("已编制培训计划表，请添加计划行后提交常务副总审批。"))
            return redirect(table.get_absolute_url())
    return TemplateResponse(request, "lms/plan_table_new.html", {"form": form})


def _table_for(request, pk):
    table = get_object_or_404(TraineePlanTable.objects.select_related("trainee", "current_item"), pk=pk)
    if not traineeship.can_view(request.user, table):
        raise PermissionDenied(_("您无权查看此培训计划表。"))
    return table


@login_required
def plan_table(request, pk, item_form=None, status=200):
    table = _table_for(request, pk)
    current = table.current_item
    actions = traineeship.actions_for(table, request.user)
    return TemplateResponse(request, "lms/plan_table.html", {
        "table": table, "rows": traineeship.rows(table),
        "events": table.events.select_related("actor", "item", "entry").order_by("-at", "-pk"),
        "is_trainee": request.user.pk == table.trainee_id,
        "may_record": "record" in actions,
        "may_move": "move" in actions,
        "may_approve": "approve" in actions,
        "may_submit": "submit" in actions,
        "may_add_item": "add-item" in actions,
        "may_remove_items": "remove-item" in actions,
        "earlier_items": table.items.filter(seq__lt=current.seq).order_by("seq") if current else [],
        "entry_form": EntryForm(initial={"actual_date": timezone.localdate()}),
        "item_form": item_form or PlanItemForm(initial={
            "department": getattr(getattr(table.trainee, "profile", None), "department", None)}),
        "user_id": request.user.pk,
        "shortfalls": table.shortfalls.select_related("item", "handled_by").order_by("-recorded_at", "-pk"),
        "may_handle": request.user.has_perm(aftersales.HANDLE),
        "may_record_shortfall": request.user.pk == table.trainee_id and table.status == "approved",
        "opinions": HandlingOpinion.choices,
        "is_dealer": table.source == "dealer",
    }, status=status)


@login_required
@require_POST
def plan_table_action(request, pk, action):
    """submit / approve / record / correct / pass / send-back / add-item /
    remove-item / shortfall (the trainee) / handle (the 售后部经理)."""
    table = _table_for(request, pk)
    user = request.user
    try:
        if action == "submit":
            traineeship.submit(table, user)
            messages.success(request, _("已提交常务副总审批。"))
        elif action == "approve":
            traineeship.approve(table, user)
            messages.success(request, _("培训计划表已批准。"))
        elif action == "record":
            form = EntryForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请完整填写实际培训日期、内容和评估。"))
            corrects = None
            if request.POST.get("corrects"):
                corrects = get_object_or_404(PlanEntry, pk=request.POST["corrects"], item__table=table)
                item = corrects.item
            else:
                item = table.current_item
            if item is None:
                raise ValidationError(_("培训计划表没有当前阶段。"))
            traineeship.record_entry(item, user, **form.cleaned_data, corrects=corrects)
            messages.success(request, _("已填写并签名，等待受训人确认。"))
        elif action == "pass":
            traineeship.pass_stage(table, user, request.POST.get("note", ""))
            messages.success(request, _("已确认阶段目标达成。"))
        elif action == "add-item":
            form = PlanItemForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("请完整填写计划行。"))
                return plan_table(request, pk, item_form=form, status=400)
            traineeship.add_item(table, user, **form.cleaned_data)
            messages.success(request, _("已新增计划行。"))
        elif action == "remove-item":
            item = get_object_or_404(PlanItem, pk=request.POST.get("item"), table=table)
            traineeship.remove_item(item, user)
            messages.success(request, _("已删除计划行。"))
        elif action == "shortfall":
            aftersales.record_shortfall(table, user, request.POST.get("note", ""))
            messages.warning(request, _("已记录无法达到本阶段目标，售后部经理将提出处理意见。"))
        elif action == "handle":
            shortfall = get_object_or_404(GoalShortfall, pk=request.POST.get("shortfall"), table=table)
            aftersales.handle_shortfall(shortfall, user, request.POST.get("opinion", ""), request.POST.get("note", ""),
                                        office_feedback=request.POST.get("office_feedback", ""))
            messages.success(request, _("已记录处理意见。"))
        elif action == "send-back":
            to_item = get_object_or_404(PlanItem, pk=request.POST.get("to_item"), table=table)
            traineeship.send_back(table, to_item, user, request.POST.get("reason", ""))
            messages.success(request, _("已退回第 %d 行重新培训。") % to_item.seq)
        else:
            raise Http404()
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(table.get_absolute_url())


@login_required
@require_POST
def plan_entry_answer(request, pk, answer):
    if answer not in ("sign", "dispute"):
        raise Http404()
    entry = get_object_or_404(PlanEntry.objects.select_related("item__table"), pk=pk)
    table = entry.item.table
    try:
        if answer == "sign":
            traineeship.sign(entry, request.user)
            messages.success(request, _("已签名确认。"))
        else:
            traineeship.dispute(entry, request.user, request.POST.get("reason", ""))
            messages.warning(request, _("已提出异议，异议将保留在培训计划表上，责任由培训人承担。"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(table.get_absolute_url())


@login_required
def plan_table_print(request, pk):
    table = _table_for(request, pk)
    return TemplateResponse(request, "lms/plan_table_print.html", {
        "table": table, "rows": traineeship.rows(table), "printed_at": timezone.now()})


@login_required
def plan_table_pdf(request, pk):
    table = _table_for(request, pk)
    response = HttpResponse(render_plan_table(table), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"plan-table-{table.pk}.pdf")
    return response
