"""Celery tasks of the LMS (eager without a broker, see portal/settings)."""
import datetime

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.models import person_name

from . import customer_sessions, needs_surveys, rules
from .archives import overdue_loans
from .course_development import MANAGE as MANAGE_COURSES
from .course_development import due_for_reevaluation
from .models import TrainingSettings
from .notifying import send_to_holders, send_to_user
from .planning import departments_missing_needs


def _as_date(value):
    if value is None:
        return timezone.localdate()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


@shared_task
def remind_training_needs(today=None):
    """Daily (beat): from a few days before the due day, remind the head of
    every department that has not submitted next month's 培训需求申请表;
    once it is overdue, tell HR (``lms.view_trainingneedsrequest``) which
    departments are missing. Idempotent per day. Returns the number of
    notifications created."""
    today = _as_date(today)
    config = TrainingSettings.current()
    remind, due = rules.needs_reminder_due(today, config.needs_request_due_day, config.needs_reminder_days_before)
    if not remind:
        return 0
    month = rules.next_month(today)
    missing = departments_missing_needs(month)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for department in missing:
            if department.head_id:
                created = send_to_user(
                    department.head,
                    key=f"lms-needs-reminder:{department.pk}:{month:%Y-%m}:{today}",
                    title=_("请提交%(month)s培训需求申请表（%(department)s）") % {
                        "month": f"{month:%Y年%m月}", "department": department.name},
                    body=_("截止日期：%(due)s。") % {"due": due.isoformat()},
                    url=reverse("lms:needs_new"),
                )
                sent += created is not None
        if today > due and missing:
            names = "、".join(d.name for d in missing)
            sent += send_to_holders(
                "lms.view_trainingneedsrequest", key=f"lms-needs-overdue:{month:%Y-%m}:{today}",
                title=_("%(month)s培训需求申请表逾期未交") % {"month": f"{month:%Y年%m月}"},
                body=_("尚未提交的部门：%(names)s") % {"names": names},
                url=reverse("lms:needs"),
            )
    return sent


@shared_task
def remind_course_reevaluation(today=None):
    """Daily (beat): tell the owner of every filed course whose periodic
    evaluation (客户培训日常管理制度 五(三)) is due, or HR when it has no
    owner; once per course and due date. Returns the number of notifications."""
    today = _as_date(today)
    months = TrainingSettings.current().course_reevaluation_months
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for development in due_for_reevaluation(today, months):
            due = development.reevaluation_due(months)
            key = f"lms-course-reevaluation:{development.pk}:{due}"
            title = _("课程定期评估到期：%s") % development.course.title
            body = _("该课程应于 %(due)s 前完成评估与更新（每 %(months)d 个月一次）。") % {
                "due": due.isoformat(), "months": months}
            if development.owner_id:
                sent += send_to_user(development.owner, key=key, title=title, body=body,
                                    url=development.get_absolute_url()) is not None
            else:
                sent += send_to_holders(MANAGE_COURSES, key=key, title=title, body=body,
                                       url=development.get_absolute_url())
    return sent


def announce_sessions_to_customers(now=None):
    """Hourly (beat): sessions starting within two days that have customers'
    trainees invited and were not announced yet get their notice and .ics
    (:func:`lms.customer_sessions.notify_customers`). Returns the emails sent."""
    now = datetime.datetime.fromisoformat(now) if isinstance(now, str) else (now or timezone.now())
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for session in customer_sessions.sessions_to_announce(now):
            sent += customer_sessions.notify_customers(session, now=now)
    return sent


def remind_overdue_loans(today=None):
    """Daily (beat): remind each borrower of an archive loan past its return
    date, and tell the approver who granted it. At most one reminder per
    loan and person per day (the notification's key carries the date), so a
    second run the same day sends nothing. Returns the number sent."""
    today = _as_date(today)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for loan in overdue_loans(today):
            url = reverse("lms:archive", args=[loan.archive_id])
            title = _("培训档案借阅已逾期：%(title)s") % {"title": loan.archive.session.title}
            body = _("借阅人：%(name)s；应归还日期：%(due)s。请尽快归还。") % {
                "name": person_name(loan.borrower), "due": loan.ends_on.isoformat()}
            sent += send_to_user(loan.borrower, key=f"lms-loan-overdue:{loan.pk}:{loan.borrower_id}:{today}",
                                 title=title, body=body, url=url) is not None
            if loan.decided_by_id and loan.decided_by_id != loan.borrower_id:
                sent += send_to_user(loan.decided_by, key=f"lms-loan-overdue:{loan.pk}:{loan.decided_by_id}:{today}",
                                      title=title, body=body, url=url) is not None
    return sent


@shared_task
def send_needs_survey_link(pk):
    """Mail one customer's needs-survey link (queued in the outbox by
    :func:`lms.needs_surveys.send`); once, in Chinese. Returns whether this call mailed it."""
    with translation.override(settings.LANGUAGE_CODE):
        return needs_surveys.email_customer_link(pk)
