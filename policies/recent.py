"""The home page's 最近修订: the policies revised lately that the reader
may open, newest first, each with its latest revision. Who may read is
:mod:`policies.access`'s one rule; the queries do not grow with the size of
the library or the number of revisions (a fixed window of candidates)."""
from django.db.models import Prefetch

from people.models import Department, JobRole

from . import access
from .models import PolicyVersion

#: How many recent revisions are read to find the ones to show: enough for a
#: reader cleared for little to still see a handful.
CANDIDATES = 40


def recent_revisions(user, request=None, limit=5):
    """``[PolicyVersion]``: the latest revision (a version after the first)
    of up to ``limit`` live policies ``user`` may read, newest first. Each
    version's ``previous_number`` is the version it revised (for the redline)."""
    if not getattr(user, "is_authenticated", False):
        return []
    candidates = list(
        PolicyVersion.objects.filter(
            number__gt=1, page__live=True, page__withdrawn=False,
            page__confidentiality__lte=access.max_visible_level(user),
        )
        .select_related("page")
        .defer("page__body", "page__change_summary")
        .prefetch_related(
            Prefetch("page__scope_departments", queryset=Department.objects.only("pk")),
            Prefetch("page__scope_roles", queryset=JobRole.objects.only("pk")),
        )
        .order_by("-published_at", "-pk")[:CANDIDATES]
    )
    latest = {}
    for version in candidates:  # newest first: the first seen of a policy is its latest revision
        latest.setdefault(version.page_id, version)
    versions = list(latest.values())
    access.prime_view_restrictions([v.page for v in versions], reader=user if request is not None else None)
    shown = []
    for version in versions:
        if access.can_view(user, version.page, request):
            version.previous_number = version.number - 1
            shown.append(version)
            if len(shown) == limit:
                break
    return shown
