"""The Chinese search backend on PostgreSQL full text (chosen by
:func:`policies.search.backend.SearchBackend`)."""
from modelsearch.backends.database.postgres import postgres

from .chinese import ChineseIndexerMixin, ChineseQueryMixin, with_indexer


class ChinesePostgresObjectIndexer(ChineseIndexerMixin, postgres.ObjectIndexer):
    pass


class ChinesePostgresIndex(postgres.PostgresIndex):
    add_items = with_indexer(postgres.PostgresIndex.add_items, ChinesePostgresObjectIndexer)


# PostgreSQL stores tsvectors, plus the text of the title and of the other
# fields (for fuzzy search); the autocomplete fields have no text column of
# their own, so the exact-phrase ranking of autocomplete looks at those two.
class ChinesePostgresSearchQueryCompiler(ChineseQueryMixin, postgres.PostgresSearchQueryCompiler):
    PHRASE_COLUMNS = ("index_entries__title_text", "index_entries__body_text")


class ChinesePostgresAutocompleteQueryCompiler(
    ChineseQueryMixin, postgres.PostgresAutocompleteQueryCompiler
):
    PHRASE_COLUMNS = ("index_entries__title_text", "index_entries__body_text")


class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # The text arrives cut into words already: no stemming, no stop words.
        self.config = params.get("SEARCH_CONFIG") or "simple"
