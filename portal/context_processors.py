from django.conf import settings
from django.utils import timezone
from wagtail import hooks

from people.counting import counts_for
from people.external import is_external
from people.inbox import TASK_COUNT_HOOK, TASK_QUERYSETS_HOOK
from people.models import Notification

from .badges import FRESH_URL_NAMES, cached_badges


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        # Callables: evaluated only by templates that show the badges.
        "my_task_count": lambda: _badges(request)[0],
        "my_unread_count": lambda: _badges(request)[1],
        # A customer's trainee sees no home page, policy library, search or 我的待办.
        "is_external_trainee": lambda: is_external(getattr(request, "user", None)),
    }


def _badges(request):
    """The header's 待办 badge (the sum of every app's share) and its unread
    notifications, counted once per request (the home page shows both
    twice): the unread notifications and every app's countable share
    (``register_task_querysets``) in one SELECT, then the shares that are
    not a count of rows (``register_task_count``); kept per person for a
    short while (``portal.badges``)."""
    if not hasattr(request, "_portal_badges"):
        match = getattr(request, "resolver_match", None)
        fresh = match is not None and match.url_name in FRESH_URL_NAMES
        request._portal_badges = cached_badges(getattr(request, "user", None), count_badges, fresh=fresh)
    return request._portal_badges


def count_badges(user):
    if not getattr(user, "is_authenticated", False):
        return 0, 0
    querysets = {"unread": Notification.objects.filter(user=user, read_at__isnull=True)}
    employee = not is_external(user)
    if employee:
        today = timezone.localdate()
        for index, share in enumerate(hooks.get_hooks(TASK_QUERYSETS_HOOK)):
            querysets.update({f"share{index}_{name}": qs for name, qs in share(user, today).items()})
    counts = counts_for(user, **querysets)
    unread = counts.pop("unread")
    if not employee:
        return 0, unread
    return sum(counts.values()) + sum(count(user) for count in hooks.get_hooks(TASK_COUNT_HOOK)), unread
