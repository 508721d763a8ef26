"""Sign-in, sign-out and closing a session's attendance register. The time
comes in as ``now=`` (the views pass ``timezone.now()``). The session's
trainer manages it, and HR (``lms.change_trainingsession``) every session."""
import base64
import hmac

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import customer_sessions
from .models import Attendance, AttendanceStatus


def may_manage(session, user):
    """Whether ``user`` sees the register and the sign-in code and closes
    the register: the session's trainer, or HR."""
    return user.has_perm("lms.change_trainingsession") or user.pk == session.trainer_id


def check_token(session, token):
    if not hmac.compare_digest(str(token), session.signin_token):
        raise PermissionDenied(_("签到链接无效。"))


@transaction.atomic
def sign_in(session, user, token, now=None):
    """Sign ``user`` in with the link's ``token``; refused outside the
    session's sign-in window. Signing in twice keeps the first time."""
    now = now or timezone.now()
    check_token(session, token)
    opens, closes = session.signin_window()
    if now < opens:
        raise ValidationError(_("签到尚未开始：本次培训 %(opens)s 起可签到。") % {
            "opens": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M")})
    if now > closes:
        raise ValidationError(_("签到已结束：本次培训已于 %(closes)s 结束。") % {
            "closes": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")})
    attendance, _created = Attendance.objects.select_for_update().get_or_create(session=session, user=user)
    if attendance.signed_in_at is None:
        attendance.signed_in_at = now
        attendance.recompute()
        attendance.save()
    return attendance


@transaction.atomic
def sign_out(session, user, token, now=None):
    """Sign out; before the end (less the early-leave margin) is 早退."""
    now = now or timezone.now()
    check_token(session, token)
    attendance = Attendance.objects.select_for_update().filter(session=session, user=user).first()
    if attendance is None or attendance.signed_in_at is None:
        raise ValidationError(_("您尚未签到。"))
    if now > session.ends_at:
        now = session.ends_at
    if attendance.signed_out_at is None:
        attendance.signed_out_at = now
        attendance.recompute()
        attendance.save()
    return attendance


@transaction.atomic
def close_register(session, by=None, now=None):
    """After the session: everyone invited who never signed in is absent.
    Returns the attendance rows."""
    now = now or timezone.now()
    if by is not None and not may_manage(session, by):
        raise PermissionDenied(_("只有培训师或人资部可以结算考勤。"))
    if now < session.ends_at:
        raise ValidationError(_("培训尚未结束，不能结算考勤。"))
    for user in session.invitees.all():
        Attendance.objects.get_or_create(session=session, user=user,
                                         defaults={"status": AttendanceStatus.ABSENT})
    session.closed_at = now
    session.save(update_fields=["closed_at"])
    customer_sessions.report_attendance(session)
    return list(session.attendances.select_related("user"))


@transaction.atomic
def mark(session, user, status, *, by, reason="", now=None):
    """The trainer or HR registers ``user``'s attendance by hand: 请假 (with
    its reason), or a status the sign-in could not record (出勤 for someone
    whose phone failed, 缺勤 …). 出勤 and 迟到 count as signed in (the
    survey is open to them). A 迟到/早退/缺勤 of a customer's trainee is
    reported when the register is closed."""
    if not may_manage(session, by):
        raise PermissionDenied(_("只有培训师或人资部可以登记考勤。"))
    if status not in AttendanceStatus.values:
        raise ValidationError(_("请选择考勤状态：出勤、迟到、早退、缺勤或请假。"))
    reason = (reason or "").strip()
    if status == AttendanceStatus.LEAVE and not reason:
        raise ValidationError(_("请假须填写事由。"))
    if not session.invitees.filter(pk=user.pk).exists():
        raise ValidationError(_("%(name)s不在本次培训的应到人员中。") % {"name": user})
    now = now or timezone.now()
    attendance, _created = Attendance.objects.select_for_update().get_or_create(session=session, user=user)
    attendance.status, attendance.marked_by = status, by
    attendance.leave_reason = reason if status == AttendanceStatus.LEAVE else ""
    if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY):
        attendance.signed_in_at = attendance.signed_in_at or min(now, session.starts_at)
    else:
        attendance.signed_in_at = attendance.signed_out_at = None
    attendance.save()
    return attendance


def qr_data_uri(url):
    """``url`` as a QR code: an inline SVG image (data URI) for a page or a PDF."""
    svg = segno.make(url, error="m").svg_inline(scale=5)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
