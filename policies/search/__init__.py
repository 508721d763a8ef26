"""Site search over the policies a reader may see.

:class:`PolicySearch` asks Wagtail's search API (our Chinese backend, see
:mod:`policies.search.backend`) for the live policies matching a query,
narrows them to what the reader may read and to the chosen filters, and
tells for each one where the query was found: the first article, chapter or
item that contains it, with a highlighted excerpt (see :mod:`.snippets`),
for the page of results shown only.
"""
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.utils import timezone

from people.models import Confidentiality, Department

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


class PolicySearch:
    """One site search over the live policies ``user`` may read, paid by the
    page shown rather than by the number of matches.

    The backend ranks the matches (pages holding every term's exact phrase
    first, see :mod:`.chinese`) and returns them without their bodies; the
    full rule (clearance, scope, Wagtail's view restrictions) keeps those the
    reader may see: :attr:`count` of them, in rank order. Only the pages of
    one page of results are then read in full, and only they get a snippet
    (:meth:`page`).

    ``filters`` is a mapping such as ``request.GET``: ``category`` (slug),
    ``department`` (code of the owner department), ``status``. ``request``
    (the reader's own) lets a password entered for a protected policy count."""

    per_page = 20
    #: What the visibility rule and the filters read: no body, no text.
    LIGHT_FIELDS = ("path", "depth", "url_path", "live", "confidentiality", "withdrawn", "effective_date",
                    "alias_of_id", "content_type_id", "locale_id")

    def __init__(self, query, user, filters=None, request=None):
        self.query = (query or "")[:MAX_QUERY_LENGTH]
        self.terms = query_terms(self.query)
        self.user, self.request = user, request
        self.filters = filters or {}
        self.matches = self._visible_matches() if self.terms else []

    def _visible_matches(self):
        queryset = _filtered(
            PolicyPage.objects.live().filter(confidentiality__lte=max_visible_level(self.user)), self.filters
        )
        if queryset is None:
            return []
        found = list(queryset.only(*self.LIGHT_FIELDS).search(self.query))
        # The scope matters only above 公开: read it for those pages alone.
        prefetch_related_objects([p for p in found if p.confidentiality > Confidentiality.PUBLIC],
                                 "scope_departments", "scope_roles")
        # The index narrowed by level; the full rule is here, before any text is read.
        return [page for page in prime_view_restrictions(found) if can_view(self.user, page, self.request)]

    @property
    def count(self):
        return len(self.matches)

    def ids(self):
        """Every visible match's id, best first."""
        return [page.pk for page in self.matches]

    def page(self, number=1):
        """One page of results (a Django ``Page``; out-of-range numbers give
        the last or first page), each a dict: ``page`` (read in full),
        ``snippet`` (safe HTML, matches in ``<mark>``), ``anchor`` and
        ``label`` of the first matching part of the body ("" when only the
        title matched) and ``exact``."""
        shown = Paginator(self.matches, self.per_page).get_page(number)
        shown.object_list = self.results(shown.object_list)
        return shown

    def results(self, matches):
        """The result dicts for ``matches`` (light pages), in their order."""
        full = PolicyPage.objects.select_related("category", "owner_department").in_bulk(
            [page.pk for page in matches]
        )
        return [{"page": full[page.pk], "rank": rank, **find_match(full[page.pk], self.terms)}
                for rank, page in enumerate(matches) if page.pk in full]


def search_policies(query, user, filters=None, request=None):
    """Every result of :class:`PolicySearch`, best first, each with its
    snippet (for scripts and tests; the search page shows one page)."""
    search = PolicySearch(query, user, filters, request)
    return search.results(search.matches)
