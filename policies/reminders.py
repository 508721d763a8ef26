"""Who is told what, and on which day, about acknowledgement tasks.

- On publication of a substantive version (after the transaction commits),
  everyone with a task gets an announcement; so does someone who joins the
  scope later.
- Every day after the day a task was created, until it is acknowledged, its
  owner gets a reminder (:func:`reminder_due`), run by Celery beat.
- The first run after the due date tells the owner's department head, once
  per task (:func:`escalation_due`).

The day is an argument (``today``); the Celery tasks pass the local date.
Sending is idempotent through each notification's dedupe key
(``people.notifications.notify``).
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import person_name, profile_of
from people.notifications import Batch

from .access import can_view
from .acknowledgements import with_status
from .models import AcknowledgementTask, PolicyVersion
from .rules import TaskStatus, must_acknowledge

ANNOUNCE = "ack-published"
REMIND = "ack-reminder"
ESCALATE = "ack-escalation"


# ---- rules (pure) ----------------------------------------------------------


def reminder_due(task, today):
    """Remind on every day after the task's first day while it is open (the
    first day already brought the announcement)."""
    return task.status != TaskStatus.ACKNOWLEDGED and today > timezone.localdate(task.created_at)


def escalation_due(task, today):
    """Tell the department head once the due date has passed."""
    return task.status == TaskStatus.OVERDUE and today > task.due


def department_head(user):
    """The head of ``user``'s department, if any, active and not the user."""
    profile = profile_of(user)
    head = profile.department.head if profile and profile.department_id else None
    if head is None or not head.is_active or head.pk == user.pk:
        return None
    return head


# ---- keys ---------------------------------------------------------------------


def announce_key(task):
    return f"{ANNOUNCE}:{task.user_id}:{task.version_id}:{task.due.isoformat()}"


def reminder_key(task, today):
    return f"{REMIND}:{task.user_id}:{task.version_id}:{today.isoformat()}"


def escalation_key(task):
    # Once per task: the date in the key is the due date that was missed.
    return f"{ESCALATE}:{task.user_id}:{task.version_id}:{task.due.isoformat()}"


# ---- messages -------------------------------------------------------------------


def _policy_words(task):
    page = task.version.page
    return {
        "title": page.title,
        "number": page.document_number,
        "version": task.version.number,
        "due": task.due.strftime("%Y-%m-%d"),
    }


def announcement(task):
    words = _policy_words(task)
    if task.version.number == 1:
        title = _("新制度发布，请阅读确认：《%(title)s》") % words
    else:
        title = _("制度修订，请阅读确认：《%(title)s》第 %(version)s 版") % words
    body = _("《%(title)s》（%(number)s）第 %(version)s 版已发布，适用于您。请于 %(due)s 前阅读并点击“我已阅读并理解”。") % words
    if task.version.change_summary:
        body += "\n" + _("修订说明：%(summary)s") % {"summary": task.version.change_summary}
    return title, body


def reminder(task, today):
    words = _policy_words(task)
    if task.status == TaskStatus.OVERDUE:
        words["days"] = (today - task.due).days
        title = _("已逾期：请确认《%(title)s》第 %(version)s 版") % words
        body = _("您应于 %(due)s 前阅读并确认《%(title)s》（%(number)s）第 %(version)s 版，已逾期 %(days)s 天，请尽快确认。") % words
    else:
        title = _("提醒：请确认《%(title)s》第 %(version)s 版") % words
        body = _("请于 %(due)s 前阅读并确认《%(title)s》（%(number)s）第 %(version)s 版。") % words
    return title, body


def escalation(task, head):
    """The message to ``head``; a policy the head may not read is not named."""
    words = _policy_words(task)
    profile = profile_of(task.user)
    words["person"] = person_name(task.user)
    words["department"] = profile.department.name if profile and profile.department_id else ""
    if not can_view(head, task.version.page):
        title = _("逾期未确认：%(person)s 的一份涉密制度") % words
        body = _("%(department)s %(person)s 应于 %(due)s 前阅读并确认一份涉密制度，至今未确认。请督促其尽快确认。") % words
        return title, body, ""
    title = _("逾期未确认：%(person)s《%(title)s》第 %(version)s 版") % words
    body = _("%(department)s %(person)s 应于 %(due)s 前阅读并确认《%(title)s》（%(number)s）第 %(version)s 版，至今未确认。请督促其尽快确认。") % words
    return title, body, task.version.page.url or ""


# ---- runs ------------------------------------------------------------------------


def _open_tasks(today, **filters):
    tasks = (
        AcknowledgementTask.objects.open()
        .filter(user__is_active=True, **filters)
        .select_related("user__profile__department__head", "version__page")
        .prefetch_related("version__page__scope_departments", "version__page__scope_roles")
        .order_by("pk")
    )
    return with_status([t for t in tasks if must_acknowledge(t.user, t.version.page)], today)


def announce_version(version_pk, today=None):
    """Announce a just-published substantive version to everyone with a task
    for it. Returns how many notifications were created (0 on a retry)."""
    today = today or timezone.localdate()
    if not PolicyVersion.objects.filter(pk=version_pk, substantive=True).exists():
        return 0
    with Batch() as batch:
        for task in _open_tasks(today, version_id=version_pk):
            title, body = announcement(task)
            batch.notify(task.user, key=announce_key(task), kind=ANNOUNCE, title=title, body=body,
                         url=task.version.page.url or "")
    return batch.sent


def announce_to_user(user_pk, today=None):
    """Announce the open tasks of one person (who has just joined a scope)."""
    today = today or timezone.localdate()
    with Batch() as batch:
        for task in _open_tasks(today, user_id=user_pk):
            title, body = announcement(task)
            batch.notify(task.user, key=announce_key(task), kind=ANNOUNCE, title=title, body=body,
                         url=task.version.page.url or "")
    return batch.sent


def send_reminders(today):
    """Remind everyone with an open task due a reminder ``today``."""
    with Batch() as batch:
        for task in _open_tasks(today):
            if reminder_due(task, today):
                title, body = reminder(task, today)
                batch.notify(task.user, key=reminder_key(task, today), kind=REMIND, title=title, body=body,
                             url=task.version.page.url or "")
    return batch.sent


def escalate_overdue(today):
    """Tell department heads about tasks whose due date has passed."""
    with Batch() as batch:
        for task in _open_tasks(today, due__lt=today):
            head = department_head(task.user)
            if head is None or not escalation_due(task, today):
                continue
            title, body, url = escalation(task, head)
            batch.notify(head, key=escalation_key(task), kind=ESCALATE, title=title, body=body, url=url)
    return batch.sent
