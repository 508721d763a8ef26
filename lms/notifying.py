"""Notifications from the LMS, through the portal's notification outbox.

A plan table submitted, an entry signed, a shortfall recorded: the
notification is written to the outbox (``people.outbox``) in the same
transaction as the change that caused it and sent once that commits, by a
worker or, if the broker or the mail server is down, by the periodic sweep.
The request never waits on mail and never fails because of it, and no
notification is lost. Sending stays idempotent (each has a dedupe key,
``people.notifications.notify``).

Celery tasks that are themselves the delivery (the daily reminders in
:mod:`lms.tasks`) send at once with :func:`send_to_holders` and
:func:`send_to_user`, and count what they created."""
from people import outbox
from people.notifications import notify
from people.permissions import users_with_perm

#: The base app's task that delivers one notification (``people.tasks``).
NOTIFY_TASK = "people.tasks.send_notification"


def notify_user(user, *, key, title, body="", url="", kind="lms"):
    """Queue the notification ``key`` for ``user`` in the outbox; returns the
    outbox message (None without a user)."""
    if user is None:
        return None
    return outbox.enqueue(NOTIFY_TASK, user.pk, key, str(title), str(body), url, kind)


def notify_holders(perm, *, key, title, body="", url="", kind="lms"):
    """Queue a notification (``key`` per person) for every active user who
    holds ``perm`` through a group or directly: the people whose turn it is
    to act. Returns how many were queued."""
    queued = 0
    for user in users_with_perm(perm, include_superusers=False):
        queued += notify_user(user, key=f"{key}:{user.pk}", title=title, body=body, url=url, kind=kind) is not None
    return queued


def send_to_user(user, *, key, title, body="", url="", kind="lms"):
    """Send now (inside a task): the notification if this call created it."""
    if user is None:
        return None
    return notify(user, key=key, title=str(title), body=str(body), url=url, kind=kind)


def send_to_holders(perm, *, key, title, body="", url="", kind="lms"):
    """Send now (inside a task) to every holder of ``perm``; returns how many
    notifications this call created."""
    created = 0
    for user in users_with_perm(perm, include_superusers=False):
        created += send_to_user(user, key=f"{key}:{user.pk}", title=title, body=body, url=url, kind=kind) is not None
    return created
