"""Celery tasks of the LMS (eager without a broker, see portal/settings)."""
import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation


def _as_date(value):
    if value is None:
        return timezone.localdate()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def departments_missing_needs(month):
    """Departments without a training-needs request for ``month``."""
    from people.models import Department

    from .models import TrainingNeedsRequest

    done = TrainingNeedsRequest.objects.filter(month=month.replace(day=1)).values("department_id")
    return list(Department.objects.exclude(pk__in=done).select_related("head"))


@shared_task
def remind_training_needs(today=None):
    """Daily (beat): from a few days before the due day, remind the head of
    every department that has not submitted next month's 培训需求申请表;
    once it is overdue, tell HR which departments are missing. Idempotent per
    day. Returns the number of notifications created."""
    from django.utils.translation import gettext as _

    from . import roles, rules
    from .models import TrainingSettings
    from .notifying import notify_user

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
                    url="/training/needs/new/",
                )
                sent += created is not None
        if today > due and missing:
            names = "、".join(d.name for d in missing)
            for user in roles.group_members(roles.HR_GROUP):
                created = notify_user(
                    user, key=f"lms-needs-overdue:{month:%Y-%m}:{today}:{user.pk}",
                    title=_("%(month)s培训需求申请表逾期未交") % {"month": f"{month:%Y年%m月}"},
                    body=_("尚未提交的部门：%(names)s") % {"names": names},
                    url="/training/needs/",
                )
                sent += created is not None
    return sent
