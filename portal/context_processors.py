from django.conf import settings


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        # Callables: evaluated only by templates that show the badges.
        "my_task_count": lambda: _open_task_count(request),
        "my_unread_count": lambda: _unread_count(request),
    }


def _open_task_count(request):
    from policies.acknowledgements import open_tasks

    user = getattr(request, "user", None)
    return len(open_tasks(user)) if getattr(user, "is_authenticated", False) else 0


def _unread_count(request):
    from .notifications import unread_count

    return unread_count(getattr(request, "user", None))
