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
from django.utils.functional import cached_property
from wagtail.search.backends import get_search_backend

from people.models import Confidentiality, Department

from ..access import can_view, prime_view_restrictions, site_restrictions, visible_filter
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


class _Ranked:
    """The first ``count`` ids of a backend's ranked matches as a list for
    the paginator: a page asks for its slice only."""

    def __init__(self, ranked, count):
        self.ranked, self.length = ranked, count

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.ranked.head(index + 1)[index]
        stop = self.length if index.stop is None else min(index.stop, self.length)
        return self.ranked.head(stop)[index.start or 0 : stop]


class PolicySearch:
    """One site search over the live policies ``user`` may read, paid by the
    page shown rather than by the number of matches.

    The reader's rule (clearance, scope, 绝密 readership, Wagtail's view
    restrictions: :func:`~policies.access.visible_filter`) and the filters
    narrow the policies in the database, before any text is read.

    On PostgreSQL the backend's ``ranked_matches``
    (:class:`~policies.search.backend_postgres.RankedMatches`) gives the
    matches in the site search's order (titles holding every term as
    written, then texts holding them, then the words apart; newest first
    within each), reading texts and checking the reader's rule only for
    as many documents as the page and the count need: a word found in most
    of 10,000 policies costs a batch or two. Elsewhere (SQLite's FTS5),
    :attr:`first` asks the backend for at most :attr:`limit` + 1 matches
    (``first_matches``) and ranks those few with ``.search()``.

    Either way only the 20 shown are read and excerpted. :attr:`count`
    counts up to :attr:`limit`; :attr:`more` tells that there are more (the
    page says so and suggests narrowing the search). :meth:`ids` and
    :func:`search_policies` give every match in the same order (for
    scripts, tests and the bench's recall).

    ``filters`` is a mapping such as ``request.GET``: ``category`` (slug),
    ``department`` (code of the owner department), ``status``. ``request``
    (the reader's own) lets a password entered for a protected policy count."""

    per_page = 20
    #: Matches ranked for the pages of results (10 pages); beyond, "more than".
    limit = 200
    #: Left unread until a match is shown: the text.
    HEAVY_FIELDS = ("body", "change_summary")

    def __init__(self, query, user, filters=None, request=None):
        self.query = (query or "")[:MAX_QUERY_LENGTH]
        self.terms = query_terms(self.query)
        self.user, self.request = user, request
        self.filters = filters or {}

    @cached_property
    def restrictions(self):
        """The site's view restrictions, read once for the reader's rule and
        for the results shown (``None`` when the site has aliases: then
        each is asked for its own)."""
        return site_restrictions(None)

    @cached_property
    def queryset(self):
        """The live policies the reader may see and the filters keep;
        ``None`` when there is nothing to search."""
        if not self.terms:
            return None
        queryset = _filtered(PolicyPage.objects.live(), self.filters)
        if queryset is None:
            return None
        # As a subquery on the primary key: the search backends check the
        # filters they are given field by field, and this one is the reader's.
        rule = visible_filter(self.user, self.request, restrictions=self.restrictions)
        visible = PolicyPage.objects.filter(rule).values("pk")
        return queryset.filter(pk__in=visible)

    @cached_property
    def ranked(self):
        """The backend's lazily read matches in the site search's order
        (``ranked_matches``: PostgreSQL), or ``None`` (then ``.search()``
        ranks, see :attr:`first`)."""
        if self.queryset is None:
            return None
        ranked_matches = getattr(get_search_backend(), "ranked_matches", None)
        return ranked_matches(self.queryset, self.query) if ranked_matches else None

    @cached_property
    def first(self):
        """The ids of up to ``limit`` + 1 matches, best first."""
        if self.queryset is None:
            return []
        if self.ranked is not None:
            return self.ranked.head(self.limit + 1)
        first_matches = getattr(get_search_backend(), "first_matches", None)
        if first_matches is None:  # a backend without it: rank them all
            return self.ids()[: self.limit + 1]
        ids = first_matches(self.queryset, self.query, self.limit + 1)
        if not ids:
            return []
        return [page.pk for page in self.queryset.filter(pk__in=ids).only("pk").search(self.query)]

    @cached_property
    def _total(self):
        if self.ranked is not None:
            return self.ranked.total(self.limit)
        return min(len(self.first), self.limit), len(self.first) > self.limit

    @property
    def count(self):
        """The number of matches, up to :attr:`limit`."""
        return self._total[0]

    @property
    def more(self):
        """Whether there are more than :attr:`limit` matches."""
        return self._total[1]

    @cached_property
    def matches(self):
        """Every visible match (pages without their text), best first."""
        if self.queryset is None:
            return []
        if self.ranked is not None:
            ids = self.ranked.all()
            found = self.queryset.defer(*self.HEAVY_FIELDS).in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]
        return list(self.queryset.defer(*self.HEAVY_FIELDS).search(self.query))

    def ids(self):
        """Every visible match's id, best first."""
        if self.ranked is not None:
            return self.ranked.all()
        return [page.pk for page in self.matches]

    def page(self, number=1):
        """One page of results (a Django ``Page``, with ``more``;
        out-of-range numbers give the last or first page), each a dict:
        ``page`` (read in full), ``snippet`` (safe HTML, matches in
        ``<mark>``), ``anchor`` and ``label`` of the first matching part of
        the body ("" when only the title matched) and ``exact``."""
        listed = _Ranked(self.ranked, self.count) if self.ranked is not None else self.first[: self.limit]
        shown = Paginator(listed, self.per_page).get_page(number)
        shown.object_list = self.results(shown.object_list)
        shown.more = self.more
        return shown

    def results(self, matches):
        """The result dicts for ``matches`` (ids or light pages), in their
        order; :func:`~policies.access.can_view` has the last word."""
        ids = [getattr(match, "pk", match) for match in matches]
        full = PolicyPage.objects.select_related("category", "owner_department").in_bulk(ids)
        pages = [full[pk] for pk in ids if pk in full]
        prefetch_related_objects([p for p in pages if p.confidentiality > Confidentiality.PUBLIC],
                                 "scope_departments", "scope_roles")
        return [{"page": page, "rank": rank, **find_match(page, self.terms)}
                for rank, page in enumerate(prime_view_restrictions(pages, restrictions=self.restrictions))
                if can_view(self.user, page, self.request)]


def search_policies(query, user, filters=None, request=None):
    """Every result of :class:`PolicySearch`, best first, each with its
    snippet (for scripts and tests; the search page shows one page)."""
    search = PolicySearch(query, user, filters, request)
    return search.results(search.matches)
