"""Celery tasks of the LMS (eager without a broker, see portal/settings)."""
import datetime

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.models import person_name

from . import rules
from .archives import overdue_loans
from .models import TrainingSettings
from .notifying import notify_holders, notify_user
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
                created = notify_user(
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
            sent += notify_holders(
                "lms.view_trainingneedsrequest", key=f"lms-needs-overdue:{month:%Y-%m}:{today}",
                title=_("%(month)s培训需求申请表逾期未交") % {"month": f"{month:%Y年%m月}"},
                body=_("尚未提交的部门：%(names)s") % {"names": names},
                url=reverse("lms:needs"),
            )
    return sent


@shared_task
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
            sent += notify_user(loan.borrower, key=f"lms-loan-overdue:{loan.pk}:{loan.borrower_id}:{today}",
                                title=title, body=body, url=url) is not None
            if loan.decided_by_id and loan.decided_by_id != loan.borrower_id:
                sent += notify_user(loan.decided_by, key=f"lms-loan-overdue:{loan.pk}:{loan.decided_by_id}:{today}",
                                    title=title, body=body, url=url) is not None
    return sent
