"""Notifications from the LMS, through the portal's idempotent ``notify``."""
from people.notifications import notify

from .roles import group_members


def notify_group(group_name, *, key, title, body="", url="", kind="lms"):
    """Notify every active member of a group once (``key`` per person)."""
    for user in group_members(group_name):
        notify(user, key=f"{key}:{user.pk}", title=str(title), body=str(body), url=url, kind=kind)


def notify_user(user, *, key, title, body="", url="", kind="lms"):
    if user is None:
        return None
    return notify(user, key=key, title=str(title), body=str(body), url=url, kind=kind)
