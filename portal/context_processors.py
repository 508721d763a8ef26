from django.conf import settings
from wagtail import hooks

from people.external import is_external
from people.inbox import TASK_COUNT_HOOK
from people.notifications import unread_count


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        # Callables: evaluated only by templates that show the badges.
        "my_task_count": lambda: _open_task_count(request),
        "my_unread_count": lambda: _unread_count(request),
        # A customer's trainee sees no home page, policy library, search or 我的待办.
        "is_external_trainee": lambda: is_external(getattr(request, "user", None)),
    }


def _open_task_count(request):
    """The header's 待办 badge: the sum of every app's count, counted once
    per request (the home page shows it twice)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or is_external(user):
        return 0
    if not hasattr(request, "_portal_task_count"):
        request._portal_task_count = sum(count(user) for count in hooks.get_hooks(TASK_COUNT_HOOK))
    return request._portal_task_count


def _unread_count(request):
    """The header's unread-notification badge, counted once per request
    (the home page shows it twice, like the 待办 badge)."""
    if not hasattr(request, "_portal_unread_count"):
        request._portal_unread_count = unread_count(getattr(request, "user", None))
    return request._portal_unread_count
