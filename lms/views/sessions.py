"""Training sessions: the list, a session's page (the register and the
sign-in code for its trainer and HR), signing in by the link, and answering
the session's satisfaction survey (the serving of
:class:`lms.models.SurveyPage`)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import attendance, customer_sessions, customers
from ..models import AttendanceStatus, TrainingSession
from ..surveys import answer_refusal
from . import error_text


@login_required
def session_list(request):
    now = timezone.now()
    sessions = TrainingSession.objects.select_related("trainer", "course")
    if not request.user.has_perm("lms.view_trainingsession"):
        sessions = sessions.filter(Q(invitees=request.user) | Q(trainer=request.user)).distinct()
    sessions = customers.visible_sessions(request.user, sessions)
    return TemplateResponse(request, "lms/session_list.html", {
        "upcoming": sessions.filter(ends_at__gte=now).order_by("starts_at"),
        "past": sessions.filter(ends_at__lt=now).order_by("-starts_at")[:30],
    })


def _manage(request, session):
    """The register's actions for the trainer and HR: close it, register
    one person's attendance (请假 with its reason), keep the discipline
    notes, send the customers' notice (HR)."""
    user, action = request.user, request.POST.get("action", "close")
    try:
        if action == "mark":
            person = session.invitees.filter(pk=request.POST.get("user") or 0).first()
            if person is None:
                raise ValidationError(_("请选择应到人员。"))
            row = attendance.mark(session, person, request.POST.get("status", ""), by=user,
                                  reason=request.POST.get("reason", ""))
            messages.success(request, _("已登记：%(status)s。") % {"status": row.get_status_display()})
        elif action == "notes":
            session.discipline_notes = request.POST.get("discipline_notes", "").strip()[:5000]
            session.save(update_fields=["discipline_notes"])
            messages.success(request, _("课堂纪律记录已保存。"))
        elif action == "notify":
            if not user.has_perm("lms.change_trainingsession"):
                raise ValidationError(_("只有人资部可以发送课前通知。"))
            sent = customer_sessions.notify_customers(session)
            messages.success(request, _("已发送课前通知 %(n)d 封（附日历邀请）。") % {"n": sent})
        else:
            attendance.close_register(session, by=user)
            messages.success(request, _("考勤已结算。"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lms:session", session.pk)


@login_required
def session_detail(request, pk):
    sessions = customers.visible_sessions(request.user, TrainingSession.objects.select_related("trainer", "survey"))
    session = get_object_or_404(sessions, pk=pk)
    user = request.user
    manages = attendance.may_manage(session, user)
    if request.method == "POST" and manages:
        return _manage(request, session)
    now = timezone.now()
    context = {"session": session, "manages": manages, "now": now, "open": session.signin_open(now)}
    if manages:
        url = request.build_absolute_uri(session.signin_path())
        context.update(signin_url=url, qr=attendance.qr_data_uri(url),
                       attendances=session.attendances.select_related("user").order_by("user__username"),
                       invitees=session.invitees.order_by("username"), statuses=AttendanceStatus.choices,
                       has_customers=session.invitees.filter(external_trainee__isnull=False).exists())
    mine = session.attendances.filter(user=user).first()
    context["mine"] = mine
    if session.survey_id and mine and mine.signed_in_at:
        context["survey_url"] = session.survey.url + f"?session={session.pk}"
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
            messages.error(request, error_text(error))
            return TemplateResponse(request, "lms/session_signin.html",
                                    {"session": session, "mine": mine, "token": token, "refused": True}, status=403)
        return redirect("lms:session_signin", session.pk, token)
    return TemplateResponse(request, "lms/session_signin.html", {
        "session": session, "mine": mine, "token": token, "open": session.signin_open()})


# ---- the satisfaction survey --------------------------------------------------------


def _closed(request, page, session, refusal, status):
    context = page.get_context(request)
    context.update(session=session, refusal=refusal)
    return TemplateResponse(request, "lms/survey_page_closed.html", context, status=status)


def survey(request, page, *args, **kwargs):
    """A survey page (``?session=<id>``): answered once per person per
    session, by people who attended it."""
    session = page.session_for(request)
    refusal = answer_refusal(page, session, request.user)
    if refusal:
        return _closed(request, page, session, refusal, status=403 if session else 404)
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        form.session = session
        if form.is_valid():
            try:
                with transaction.atomic():
                    submission = page.process_form_submission(form)
            except IntegrityError:  # a second tab answered meanwhile
                return _closed(request, page, session, _("您已提交过本次培训的满意度调查。"), status=403)
            return page.render_landing_page(request, submission, *args, **kwargs)
    else:
        form = page.get_form(page=page, user=request.user)
    context = page.get_context(request)
    context.update(form=form, session=session)
    return TemplateResponse(request, page.get_template(request), context)
