"""Running a session for customers (002 六): before it, the customer's
contact and its trainees invited to the session get a notice with an .ics
calendar invitation (time, place, content); after it, the contact is told
who of theirs was late, left early or was absent, with the session's
discipline notes. Mail leaves once the transaction commits."""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.mailing import queue_mail
from people.models import person_name

from . import rules
from .models import TrainingSession

ICS_TYPE = "text/calendar; method=REQUEST; charset=utf-8"


def _ics_text(value):
    """RFC 5545 TEXT escaping."""
    return (str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line):
    """Lines of at most 75 octets, continued with a leading space (RFC 5545 3.1)."""
    data, out = line.encode(), []
    while len(data) > 75:
        cut = 75 if not out else 74
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        out.append(data[:cut].decode())
        data = data[cut:]
    out.append(data.decode())
    return "\r\n ".join(out)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_content(session):
    """What the session covers, for the notice and the invitation."""
    parts = [session.title]
    if session.course_id:
        parts.append(_("所属课程：%(course)s") % {"course": session.course.title})
    if session.trainer_id:
        parts.append(_("培训师：%(name)s") % {"name": person_name(session.trainer)})
    return "\n".join(parts)


def session_ics(session, now=None):
    """The session as an iCalendar invitation (bytes)."""
    now = now or timezone.now()
    host = (getattr(settings, "PORTAL_BASE_URL", "") or "portal").split("://")[-1].strip("/") or "portal"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{_ics_text(settings.PORTAL_NAME)}//LMS//ZH",
        "METHOD:REQUEST", "CALSCALE:GREGORIAN", "BEGIN:VEVENT",
        f"UID:lms-session-{session.pk}@{host}", f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(session.starts_at)}", f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_ics_text(session.title)}", f"LOCATION:{_ics_text(session.location or '')}",
        f"DESCRIPTION:{_ics_text(session_content(session))}",
        "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def _customers_in(session):
    """{organisation: [trainee users]} for the customers' trainees invited to ``session``."""
    found = {}
    for user in session.invitees.filter(external_trainee__isnull=False).select_related(
            "external_trainee__organisation").order_by("username"):
        found.setdefault(user.external_trainee.organisation, []).append(user)
    return found


def _mail(subject, body, to, attachment=None):
    queue_mail(f"[{settings.PORTAL_NAME}] {subject}", body, to, attachment)


@transaction.atomic
def notify_customers(session, *, now=None):
    """Send the session's notice with its .ics to the contact of every
    customer whose trainees are invited, and to those trainees. Returns the
    number of emails; records when it was sent (sending again is allowed:
    a changed time or place is announced the same way)."""
    now = now or timezone.now()
    session = TrainingSession.objects.select_for_update(of=("self",)).select_related("course", "trainer").get(pk=session.pk)
    customers = _customers_in(session)
    if not customers:
        return 0
    when = "%s – %s" % (timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                        timezone.localtime(session.ends_at).strftime("%H:%M"))
    details = _("时间：%(when)s\n地点：%(place)s\n内容：%(content)s") % {
        "when": when, "place": session.location or _("另行通知"), "content": session_content(session)}
    ics = ("training-session.ics", session_ics(session, now), ICS_TYPE)
    subject = _("培训通知：%(title)s（%(when)s）") % {"title": session.title, "when": when}
    sent = 0
    for organisation, trainees in customers.items():
        names = "、".join(person_name(u) for u in trainees)
        _mail(subject, _("%(contact)s，您好：\n\n贵单位参加培训的学员：%(names)s。\n\n%(details)s\n\n日历邀请见附件。") % {
            "contact": organisation.contact_name, "names": names, "details": details},
            [organisation.contact_email], ics)
        sent += 1
        for user in trainees:
            if user.email:
                _mail(subject, _("%(name)s，您好：\n\n请准时参加培训并签到。\n\n%(details)s\n\n日历邀请见附件。") % {
                    "name": person_name(user), "details": details}, [user.email], ics)
                sent += 1
    session.customers_notified_at = now
    session.save(update_fields=["customers_notified_at"])
    return sent


def report_attendance(session):
    """Tell each customer's contact which of their trainees were late, left
    early or were absent (and the discipline notes). Returns the number of
    emails. Called when the register is closed (:func:`lms.attendance.close_register`)."""
    rows = session.attendances.filter(user__external_trainee__isnull=False,
                                      status__in=rules.REPORTED_TO_CUSTOMER).select_related(
        "user__external_trainee__organisation").order_by("user__username")
    by_customer = {}
    for row in rows:
        by_customer.setdefault(row.user.external_trainee.organisation, []).append(row)
    when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    for organisation, found in by_customer.items():
        lines = "\n".join(f"- {person_name(r.user)}：{r.get_status_display()}" for r in found)
        notes = session.discipline_notes.strip()
        body = _("%(contact)s，您好：\n\n培训“%(title)s”（%(when)s）的考勤中，贵单位学员有以下情况：\n%(lines)s") % {
            "contact": organisation.contact_name, "title": session.title, "when": when, "lines": lines}
        if notes:
            body += "\n\n" + _("课堂纪律记录：%(notes)s") % {"notes": notes}
        _mail(_("培训考勤情况：%(title)s") % {"title": session.title}, body, [organisation.contact_email])
    return len(by_customer)


def sessions_to_announce(now, days_ahead=2):
    """Sessions starting within ``days_ahead`` days, with customers' trainees, not announced yet."""
    return TrainingSession.objects.filter(
        starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=days_ahead),
        customers_notified_at__isnull=True, invitees__external_trainee__isnull=False).distinct()


