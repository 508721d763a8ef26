"""Site search over the policies a reader may see.

:func:`search_policies` asks Wagtail's search API (our Chinese backend, see
:mod:`policies.search.backend`) for the live policies matching a query,
narrows them to what the reader may read and to the chosen filters, and
tells for each one where the query was found: the first article, chapter or
item that contains it, with a highlighted excerpt (see :mod:`.snippets`).
"""
from django.utils import timezone

from people.models import Department

from ..access import can_view, max_visible_level, prime_view_restrictions
from ..models import PolicyCategory, PolicyPage, PolicyStatus
from .snippets import find_match
from .text import query_terms

FILTERS = ("category", "department", "status")
MAX_QUERY_LENGTH = 100  # characters; longer queries are cut (no policy title is longer)


def _filtered(queryset, filters):
    """Apply the GET filters that the search index can apply; ``None`` when
    a filter names something that does not exist (so nothing matches)."""
    category = (filters.get("category") or "").strip()
    if category:
        found = PolicyCategory.objects.filter(slug=category).first()
        if found is None:
            return None
        queryset = queryset.filter(category=found)
    department = (filters.get("department") or "").strip()
    if department:
        found = Department.objects.filter(code=department).first()
        if found is None:
            return None
        queryset = queryset.filter(owner_department=found)
    status = (filters.get("status") or "").strip()
    if status:
        today = timezone.localdate()
        if status == PolicyStatus.WITHDRAWN:
            queryset = queryset.filter(withdrawn=True)
        elif status == PolicyStatus.UPCOMING:
            queryset = queryset.filter(withdrawn=False, effective_date__gt=today)
        elif status == PolicyStatus.IN_FORCE:
            queryset = queryset.filter(withdrawn=False).exclude(effective_date__gt=today)  # empty: from publication
        else:
            return None
    return queryset


def search_policies(query, user, filters=None, request=None):
    """Search the live policies ``user`` may read.

    Returns a list of dicts, best first (pages containing every term exactly
    before those that only contain its words): ``page``, ``snippet`` (safe
    HTML, matches in ``<mark>``), ``anchor`` and ``label`` of the first
    matching part of the body ("" when only the title matched) and ``exact``.
    ``filters`` is a mapping such as ``request.GET``: ``category`` (slug),
    ``department`` (code of the owner department), ``status``. ``request``
    (the reader's own) lets a password entered for a protected policy count."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    if not terms:
        return []
    filters = filters or {}
    queryset = (
        PolicyPage.objects.live()
        .filter(confidentiality__lte=max_visible_level(user))
        .select_related("category", "owner_department")
        .prefetch_related("scope_departments", "scope_roles")
    )
    queryset = _filtered(queryset, filters)
    if queryset is None:
        return []
    status = (filters.get("status") or "").strip()

    results = []
    found = prime_view_restrictions(queryset.search(query))
    for rank, page in enumerate(found):
        # The index narrowed by level; the full rule (scope, Wagtail's view
        # restrictions) is here, before any text is taken for a snippet.
        if not can_view(user, page, request) or (status and page.status != status):
            continue
        match = find_match(page, terms)
        results.append({"page": page, "rank": rank, **match})
    results.sort(key=lambda r: (not r["exact"], r["rank"]))
    return results
