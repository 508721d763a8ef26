"""Notifications from the LMS, through the portal's idempotent ``notify``."""
from people.notifications import notify
from people.permissions import users_with_perm


def notify_holders(perm, *, key, title, body="", url="", kind="lms"):
    """Notify once (``key`` per person) every active user who holds ``perm``
    through a group or directly: the people whose turn it is to act.
    Returns how many notifications this call created."""
    created = 0
    for user in users_with_perm(perm, include_superusers=False):
        created += notify(user, key=f"{key}:{user.pk}", title=str(title), body=str(body), url=url,
                          kind=kind) is not None
    return created


def notify_user(user, *, key, title, body="", url="", kind="lms"):
    if user is None:
        return None
    return notify(user, key=key, title=str(title), body=str(body), url=url, kind=kind)
