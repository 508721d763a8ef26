"""The LMS's pages for trainees, trainers and HR. Thin: gather the inputs,
call the rule in :mod:`lms.progress`, :mod:`lms.plan_tables`,
:mod:`lms.attendance`…, show the result."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policies import access as policy_access

from . import attendance, plan_tables, progress, roles
from .enrolling import enrol
from .forms import AssignmentForm, EntryForm, NeedsRequestForm, PlanItemForm, PlanTableForm, TrainingPlanForm
from .models import (
    Certificate,
    CourseIndexPage,
    CourseLesson,
    EnrolmentSource,
    LessonKind,
    PlanEntry,
    PlanItem,
    PlanKind,
    PlanStatus,
    PostChangeTraining,
    ReviewResult,
    TableStatus,
    TraineePlanTable,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSession,
    TrainingSettings,
)


def _error_text(error):
    return "；".join(error.messages) if hasattr(error, "messages") else str(error)


def _require_hr(user):
    if not roles.is_hr(user):
        raise PermissionDenied(_("此页面仅限人资部使用。"))


# ---- courses and lessons (routes of CoursePage) --------------------------------


def lesson_view(request, course, lesson_id):
    lesson = get_object_or_404(CourseLesson.objects.select_related("policy", "document"), pk=lesson_id, page=course)
    policy = version = None
    policy_visible = False
    if lesson.kind == LessonKind.POLICY and lesson.policy_id:
        policy = lesson.policy
        version = progress.current_policy_version(policy)
        policy_visible = policy_access.can_view(request.user, policy)
    if request.method == "POST":
        if lesson.kind == LessonKind.POLICY and not policy_visible:
            raise PermissionDenied(_("您没有阅读此密级文件的权限。"))
        try:
            progress.complete_lesson(request.user, lesson, version_number=request.POST.get("version"))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("已完成课时：%s") % lesson.title)
            following = progress.course_progress(request.user, course).next_lesson()
            if following is not None:
                return redirect(following.get_url(request))
            return redirect(course.url)
        return redirect(lesson.get_url(request))
    state = progress.lesson_state(request.user, lesson)
    lessons = course.ordered_lessons()
    return TemplateResponse(request, "lms/lesson.html", {
        "page": course, "lesson": lesson, "state": state, "lessons": lessons,
        "policy": policy, "version": version, "policy_visible": policy_visible,
        "parts": version.as_page().numbered_body() if version and policy_visible else [],
    })


def self_enrol(request, course):
    if request.method != "POST":
        return redirect(course.url)
    enrol(request.user, course, EnrolmentSource.SELF)
    messages.success(request, _("已报名课程：%s") % course.title)
    return redirect(course.url)


@login_required
def my_learning(request):
    """我的学习: enrolled courses with progress and due dates, the trainee's
    plan table, upcoming sessions and certificates."""
    today = timezone.localdate()
    rows = progress.my_learning(request.user, today)
    now = timezone.now()
    sessions = (
        TrainingSession.objects.filter(invitees=request.user, ends_at__gte=now).order_by("starts_at")[:10]
    )
    teaching = (
        TraineePlanTable.objects.filter(items__trainer=request.user, status=TableStatus.APPROVED)
        .select_related("trainee", "current_item__department").distinct()
    )
    return TemplateResponse(request, "lms/my_learning.html", {
        "today": today,
        "due": [r for r in rows if r["status"] != "completed"],
        "completed": [r for r in rows if r["status"] == "completed"],
        "plan_table": TraineePlanTable.objects.filter(trainee=request.user).first(),
        "sessions": sessions,
        "teaching_sessions": TrainingSession.objects.filter(trainer=request.user, ends_at__gte=now)
        .order_by("starts_at")[:10],
        "teaching_tables": [(t, t.current_item_id and t.current_item.trainer_id == request.user.pk) for t in teaching],
        "post_changes": PostChangeTraining.objects.filter(person=request.user, reviewed_at__isnull=True),
        "reviews": PostChangeTraining.awaiting_review_by(request.user),
        "catalogue": CourseIndexPage.objects.live().first(),
        "is_hr": roles.is_hr(request.user),
    })


# ---- certificates ----------------------------------------------------------------------


def certificate_verify(request, code=None):
    """Anyone in the company (every portal page needs a login) can check a
    certificate: by the link or QR code printed on it, or by typing the
    code into the form (``?code=``), with or without the dashes."""
    typed = request.GET.get("code")
    if code is None and typed:
        return redirect("lms:certificate_verify", normalise_code(typed) or "-")
    if code is None:
        return TemplateResponse(request, "lms/certificate_verify.html", {"certificate": None, "code": ""})
    code = normalise_code(code)
    certificate = Certificate.objects.select_related("enrolment").filter(code=code).first()
    return TemplateResponse(request, "lms/certificate_verify.html", {"certificate": certificate, "code": code},
                            status=200 if certificate else 404)


def normalise_code(text):
    """``abcd efgh-jkmn`` → ``ABCD-EFGH-JKMN`` (codes are printed in three groups)."""
    raw = "".join(ch for ch in str(text).upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else str(text).strip().upper()


@login_required
def certificate_pdf(request, code):
    certificate = get_object_or_404(Certificate.objects.select_related("enrolment"), code=code)
    if certificate.enrolment.user_id != request.user.pk and not roles.is_hr(request.user):
        raise PermissionDenied(_("只有证书持有人和人资部可以下载证书。"))
    from .pdf import certificate_pdf as render, weasyprint_available

    if not weasyprint_available():
        raise Http404(_("服务器未安装 PDF 组件。"))
    verify_url = request.build_absolute_uri(certificate.get_absolute_url())
    response = HttpResponse(render(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"certificate-{certificate.code}.pdf")
    return response


# ---- HR: assignments ------------------------------------------------------------------------


@login_required
def assign(request):
    _require_hr(request.user)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assignment = form.save(commit=False)
        assignment.assigned_by = request.user
        assignment.save()
        form.save_m2m()
        count = assignment.apply()
        messages.success(request, _("已指派《%(course)s》，新增 %(n)d 人报名。") % {
            "course": assignment.course.title, "n": count})
        return redirect("lms:assign")
    from .models import CourseAssignment

    return TemplateResponse(request, "lms/assign.html", {
        "form": form, "assignments": CourseAssignment.objects.select_related("course")[:20]})


# ---- training plans, needs requests, post changes ----------------------------------------------


@login_required
def plan_list(request):
    may_approve = roles.in_group(request.user, roles.GENERAL_MANAGER_GROUP)
    if not (roles.is_hr(request.user) or may_approve):
        raise PermissionDenied(_("培训计划仅人资部和总经理可见。"))
    form = TrainingPlanForm(request.POST or None)
    if request.method == "POST":
        _require_hr(request.user)
        if form.is_valid():
            plan = form.save(commit=False)
            plan.created_by = request.user
            plan.save()
            messages.success(request, _("已保存培训计划草稿。"))
            return redirect("lms:plan", plan.pk)
    config = TrainingSettings.current()
    return TemplateResponse(request, "lms/plan_list.html", {
        "plans": TrainingPlan.objects.select_related("department"), "form": form, "config": config,
        "may_approve": may_approve, "is_hr": roles.is_hr(request.user),
    })


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(TrainingPlan, pk=pk)
    may_approve = roles.in_group(request.user, roles.GENERAL_MANAGER_GROUP)
    if not (roles.is_hr(request.user) or may_approve):
        raise PermissionDenied(_("培训计划仅人资部和总经理可见。"))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                _require_hr(request.user)
                plan.submit(request.user)
                messages.success(request, _("已报总经理审批。"))
            elif action in ("approve", "reject"):
                plan.decide(request.user, action == "approve", request.POST.get("note", ""))
                messages.success(request, _("已审批。"))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("lms:plan", plan.pk)
    return TemplateResponse(request, "lms/plan_detail.html", {
        "plan": plan, "may_approve": may_approve and plan.status == PlanStatus.SUBMITTED,
        "may_submit": roles.is_hr(request.user) and plan.status in (PlanStatus.DRAFT, PlanStatus.REJECTED),
        "kinds": PlanKind,
    })


@login_required
def needs_list(request):
    from .rules import needs_request_due, next_month

    profile = getattr(request.user, "profile", None)
    form = NeedsRequestForm(request.POST or None, initial={
        "month": next_month(timezone.localdate()), "department": getattr(profile, "department", None)})
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"]
        if not (roles.is_hr(request.user) or department.head_id == request.user.pk
                or (profile and profile.department_id == department.pk)):
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
    requests_ = TrainingNeedsRequest.objects.select_related("department", "requested_by")
    if not roles.is_hr(request.user):
        requests_ = requests_.filter(department_id=getattr(profile, "department_id", None))
    return TemplateResponse(request, "lms/needs.html", {
        "form": form, "requests": requests_[:50], "month": month,
        "due": needs_request_due(month, config.needs_request_due_day), "config": config,
    })


@login_required
def post_change(request, pk):
    record = get_object_or_404(PostChangeTraining.objects.select_related("person", "to_department"), pk=pk)
    if not (request.user.pk == record.person_id or record.can_review(request.user)):
        raise PermissionDenied(_("您无权查看此记录。"))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "summary":
                record.submit_summary(request.user, request.POST.get("summary", ""))
                messages.success(request, _("已提交工作总结。"))
            else:
                record.review(request.user, request.POST.get("result"), request.POST.get("note", ""))
                messages.success(request, _("已审核。"))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("lms:post_change", record.pk)
    return TemplateResponse(request, "lms/post_change.html", {
        "record": record, "results": ReviewResult.choices, "may_review": record.can_review(request.user),
        "is_person": request.user.pk == record.person_id,
    })


# ---- plan tables ------------------------------------------------------------------------------------


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
        "tables": plan_tables.tables_for(request.user), "is_hr": roles.is_hr(request.user)})


@login_required
def plan_table_new(request):
    """HR draws up a trainee's plan table; the lines are added on its page."""
    _require_hr(request.user)
    form = PlanTableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = plan_tables.create_table(data["trainee"], request.user, source=data["source"],
                                             level=data["level"], placement_score=data["placement_score"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("已编制培训计划表，请添加计划行后提交常务副总审批。"))
            return redirect(table.get_absolute_url())
    return TemplateResponse(request, "lms/plan_table_new.html", {"form": form})


def _table_for(request, pk):
    table = get_object_or_404(TraineePlanTable.objects.select_related("trainee", "current_item"), pk=pk)
    if not plan_tables.can_view(request.user, table):
        raise PermissionDenied(_("您无权查看此培训计划表。"))
    return table


@login_required
def plan_table(request, pk, **kwargs):
    table = _table_for(request, pk)
    user = request.user
    current = table.current_item
    return TemplateResponse(request, "lms/plan_table.html", {
        "table": table, "rows": plan_tables.rows(table),
        "events": table.events.select_related("actor", "item", "entry").order_by("-at", "-pk"),
        "is_trainee": user.pk == table.trainee_id,
        "may_record": table.status == TableStatus.APPROVED and current is not None and current.trainer_id == user.pk,
        "may_move": table.status == TableStatus.APPROVED and (roles.is_hr(user) or (current and current.trainer_id == user.pk)),
        "may_approve": table.status == TableStatus.SUBMITTED and roles.in_group(user, roles.EXECUTIVE_VP_GROUP),
        "may_submit": table.status == TableStatus.DRAFT and roles.is_hr(user),
        "earlier_items": table.items.filter(seq__lt=current.seq).order_by("seq") if current else [],
        "entry_form": EntryForm(initial={"actual_date": timezone.localdate()}),
        "may_add_item": roles.is_hr(user) and table.status in (TableStatus.DRAFT, TableStatus.APPROVED),
        "may_remove_items": roles.is_hr(user) and table.status == TableStatus.DRAFT,
        "item_form": kwargs.get("item_form") or PlanItemForm(initial={
            "department": getattr(getattr(table.trainee, "profile", None), "department", None)}),
        "user_id": user.pk,
    }, status=kwargs.get("status", 200))


@login_required
@require_POST
def plan_table_action(request, pk, action):
    """submit / approve / record / correct / pass / send-back / add-item / remove-item."""
    table = _table_for(request, pk)
    user = request.user
    try:
        if action == "submit":
            plan_tables.submit(table, user)
            messages.success(request, _("已提交常务副总审批。"))
        elif action == "approve":
            plan_tables.approve(table, user)
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
            plan_tables.record_entry(item, user, **form.cleaned_data, corrects=corrects)
            messages.success(request, _("已填写并签名，等待受训人确认。"))
        elif action == "pass":
            plan_tables.pass_stage(table, user, request.POST.get("note", ""))
            messages.success(request, _("已确认阶段目标达成。"))
        elif action == "add-item":
            form = PlanItemForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("请完整填写计划行。"))
                return plan_table(request, pk, item_form=form, status=400)
            plan_tables.add_item(table, user, **form.cleaned_data)
            messages.success(request, _("已新增计划行。"))
        elif action == "remove-item":
            item = get_object_or_404(PlanItem, pk=request.POST.get("item"), table=table)
            plan_tables.remove_item(item, user)
            messages.success(request, _("已删除计划行。"))
        elif action == "send-back":
            to_item = get_object_or_404(PlanItem, pk=request.POST.get("to_item"), table=table)
            plan_tables.send_back(table, to_item, user, request.POST.get("reason", ""))
            messages.success(request, _("已退回第 %d 行重新培训。") % to_item.seq)
        else:
            raise Http404()
    except ValidationError as error:
        messages.error(request, _error_text(error))
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
            plan_tables.sign(entry, request.user)
            messages.success(request, _("已签名确认。"))
        else:
            plan_tables.dispute(entry, request.user, request.POST.get("reason", ""))
            messages.warning(request, _("已提出异议，异议将保留在培训计划表上，责任由培训人承担。"))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(table.get_absolute_url())


@login_required
def plan_table_print(request, pk):
    table = _table_for(request, pk)
    return TemplateResponse(request, "lms/plan_table_print.html", {
        "table": table, "rows": plan_tables.rows(table), "printed_at": timezone.now()})


@login_required
def plan_table_pdf(request, pk):
    table = _table_for(request, pk)
    from .pdf import plan_table_pdf as render, weasyprint_available

    if not weasyprint_available():
        return redirect("lms:plan_table_print", table.pk)
    response = HttpResponse(render(table), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"plan-table-{table.pk}.pdf")
    return response


# ---- sessions ---------------------------------------------------------------------------------------


@login_required
def session_list(request):
    now = timezone.now()
    sessions = TrainingSession.objects.select_related("trainer", "course")
    if not roles.is_hr(request.user):
        from django.db.models import Q

        sessions = sessions.filter(Q(invitees=request.user) | Q(trainer=request.user)).distinct()
    return TemplateResponse(request, "lms/session_list.html", {
        "upcoming": sessions.filter(ends_at__gte=now).order_by("starts_at"),
        "past": sessions.filter(ends_at__lt=now).order_by("-starts_at")[:30],
    })


@login_required
def session_detail(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("trainer", "survey"), pk=pk)
    user = request.user
    manages = roles.is_hr(user) or user.pk == session.trainer_id
    now = timezone.now()
    context = {"session": session, "manages": manages, "now": now, "open": session.signin_open(now)}
    if manages:
        url = request.build_absolute_uri(session.signin_path())
        context.update(signin_url=url, qr=attendance.qr_data_uri(url),
                       attendances=session.attendances.select_related("user").order_by("user__username"))
    mine = session.attendances.filter(user=user).first()
    context["mine"] = mine
    if session.survey_id and mine and mine.signed_in_at:
        context["survey_url"] = session.survey.url + f"?session={session.pk}"
    if request.method == "POST" and manages:
        try:
            attendance.close_register(session, by=user)
            messages.success(request, _("考勤已结算。"))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("lms:session", session.pk)
    return TemplateResponse(request, "lms/session.html", context)


@login_required
def session_signin(request, pk, token):
    session = get_object_or_404(TrainingSession, pk=pk)
    attendance.check_token(session, token)
    mine = session.attendances.filter(user=request.user).first()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sign-out":
                record = attendance.sign_out(session, request.user, token)
                messages.success(request, _("已签退（%s）。") % record.get_status_display())
            else:
                record = attendance.sign_in(session, request.user, token)
                messages.success(request, _("签到成功（%s）。") % record.get_status_display())
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return TemplateResponse(request, "lms/session_signin.html",
                                    {"session": session, "mine": mine, "token": token, "refused": True}, status=403)
        return redirect("lms:session_signin", session.pk, token)
    return TemplateResponse(request, "lms/session_signin.html", {
        "session": session, "mine": mine, "token": token, "open": session.signin_open()})

