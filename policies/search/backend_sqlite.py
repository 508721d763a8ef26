"""The Chinese search backend on SQLite FTS5 (chosen by
:func:`policies.search.backend.SearchBackend`)."""
from modelsearch.backends.database.sqlite import sqlite

from .chinese import ChineseIndexerMixin, ChineseQueryMixin, with_indexer


class ChineseSQLiteObjectIndexer(ChineseIndexerMixin, sqlite.ObjectIndexer):
    pass


class ChineseSQLiteIndex(sqlite.SQLiteIndex):
    add_items = with_indexer(sqlite.SQLiteIndex.add_items, ChineseSQLiteObjectIndexer)


class ChineseSQLiteSearchQueryCompiler(ChineseQueryMixin, sqlite.SQLiteSearchQueryCompiler):
    PHRASE_COLUMNS = ("index_entry__title", "index_entry__body")
    PHRASE_SIGN = -1  # bm25: lower is better


class ChineseSQLiteAutocompleteQueryCompiler(
    ChineseQueryMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    PHRASE_COLUMNS = ("index_entry__autocomplete",)
    PHRASE_SIGN = -1


class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex

    def first_matches(self, queryset, query, limit):
        """The ids of the best ``limit`` matches (FTS5 ranks a development
        database's few documents quickly; PostgreSQL finds them through its
        trigram index, see :mod:`.backend_postgres`)."""
        return [page.pk for page in queryset.only("pk").search(query)[:limit]]
