"""The Chinese search backend on PostgreSQL full text (chosen by
:func:`policies.search.backend.SearchBackend`).

Besides the tsvectors (segmented text, see :mod:`.text`), every index entry
keeps its title and body as **normalised plain text** (Simplified, lower
case: :func:`~policies.search.text.normalise`) in modelsearch's
``title_text``/``body_text`` columns, under pg_trgm GIN indexes (migration
``policies.0007_search_trigram_indexes``). A substring of that text is an
exact phrase, found through the trigram index: the exact-phrase ranking
reads it, and :meth:`ChinesePostgresSearchBackend.first_matches` finds a
bounded number of matches without ranking every one of them (the site
search's page of results, see :class:`policies.search.PolicySearch`).
"""
from django.contrib.postgres.search import SearchQuery
from django.db.models import Q
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres
from modelsearch.index import SearchField

from .chinese import ChineseIndexerMixin, ChineseQueryMixin, _phrase_adds, with_indexer
from .text import normalise, query_terms


class ChinesePostgresObjectIndexer(ChineseIndexerMixin, postgres.ObjectIndexer):
    _plain = False

    def prepare_value(self, value):
        if self._plain:  # the words as they are, each value on a line of its own
            if isinstance(value, str):
                return value
            if isinstance(value, list):
                return "\n".join(self.prepare_value(item) for item in value)
            if isinstance(value, dict):
                return "\n".join(self.prepare_value(item) for item in value.values())
        return super().prepare_value(value)

    def _plain_text(self, title):
        """The title's (or the other fields') normalised plain text."""
        texts = []
        self._plain = True
        try:
            for field in self.search_fields:
                for current, _boost, value in self.prepare_field(self.obj, field):
                    if isinstance(current, SearchField) and (current.field_name == "title") == title:
                        texts.append(normalise(value).strip())
        finally:
            self._plain = False
        return "\n".join(text for text in texts if text)

    @cached_property
    def title_text(self):
        return self._plain_text(title=True)

    @cached_property
    def body_text(self):
        return self._plain_text(title=False)


class ChinesePostgresIndex(postgres.PostgresIndex):
    add_items = with_indexer(postgres.PostgresIndex.add_items, ChinesePostgresObjectIndexer)


def _holds(column, term):
    """``column`` (normalised plain text) holds ``term`` as written:
    ``LIKE '%term%'``, through the trigram index."""
    return Q(**{f"{column}__contains": term.text})


# The tsvectors answer the word queries; the normalised text in title_text
# and body_text (trigram indexed) the exact phrases.
class ChinesePostgresSearchQueryCompiler(ChineseQueryMixin, postgres.PostgresSearchQueryCompiler):
    PHRASE_COLUMNS = ("index_entries__title_text", "index_entries__body_text")
    phrase_held = staticmethod(_holds)


class ChinesePostgresAutocompleteQueryCompiler(
    ChineseQueryMixin, postgres.PostgresAutocompleteQueryCompiler
):
    PHRASE_COLUMNS = ("index_entries__title_text", "index_entries__body_text")
    phrase_held = staticmethod(_holds)


class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # The text arrives cut into words already: no stemming, no stop words.
        self.config = params.get("SEARCH_CONFIG") or "simple"

    def _words(self, column, term):
        if not term.words:
            return Q(pk__in=[])
        query = SearchQuery(" & ".join(term.words), search_type="raw", config=self.config)
        return Q(**{f"index_entries__{column}": query})

    def first_matches(self, queryset, query, limit):
        """The ids of up to ``limit`` documents of ``queryset`` that
        ``.search(query)`` finds, without ranking them all: those whose
        title holds every term as written, then those whose text does, then
        those holding the terms' words, each group in the order the
        database finds them (each query stops at ``limit``; the titles are
        asked for only when the exact matches reach it, otherwise they are
        all among them). The caller ranks these few with ``.search()``;
        ``limit`` reached means there may be more."""
        terms = query_terms(query)
        if not terms:
            return []
        in_title, exact, found = Q(), Q(), Q()
        for term in terms:
            words = self._words("title", term) | self._words("body", term)
            if _phrase_adds(term):
                title = _holds("index_entries__title_text", term)
                text = title | _holds("index_entries__body_text", term)
            else:
                title, text = self._words("title", term), words
            in_title &= title
            exact &= text
            found &= text | words

        def first(condition, wanted, besides=()):
            matches = queryset.filter(condition).order_by()
            if besides:
                matches = matches.exclude(pk__in=besides)
            return list(matches.values_list("pk", flat=True)[:wanted])

        ids = first(exact, limit)
        if len(ids) < limit:  # every exact match (every title hit among them): add the words apart
            return ids + first(found, limit - len(ids), ids)
        # More exact matches than the limit: the titles holding every term first.
        return list(dict.fromkeys(first(in_title, limit) + ids))[:limit]
