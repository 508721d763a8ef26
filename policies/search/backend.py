"""A Chinese-aware Wagtail search backend on top of modelsearch's database
backends (SQLite FTS5 and PostgreSQL full text).

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "policies.search.backend"}}``.
Like ``modelsearch.backends.database``, :func:`SearchBackend` looks at the
default connection and returns the matching backend:

* SQLite with FTS5 → ``backend_sqlite.ChineseSQLiteSearchBackend``
* PostgreSQL → ``backend_postgres.ChinesePostgresSearchBackend`` (text search
  configuration ``simple`` unless ``SEARCH_CONFIG`` says otherwise: the text
  arrives already cut into words, and English stemming has no business with
  it)
* anything else → modelsearch's own choice, unchanged (MySQL, or the
  ``icontains`` fallback, which finds Chinese substrings as they are but
  does not convert Traditional and Simplified).

Both halves of the work go through :mod:`policies.search.text`:

* **indexing** – every text value of a ``SearchField`` or
  ``AutocompleteField`` is stored as :func:`~policies.search.text.index_text`
  (normalised, bigrams + jieba words), so ``update_index`` and the
  publish-time signal handlers index Chinese without knowing about it;
* **querying** – the query is rewritten before the database backend
  compiles it (:func:`~policies.search.chinese.chinese_query`): each term becomes
  ``(its words AND-ed) OR "its bigrams as a phrase"``, so 培训计划 finds
  documents with the exact phrase and those with 培训 and 计划 apart;
* **ranking** – the database's own score (bm25 / ts_rank), with documents
  holding a term's exact phrase moved above those holding only its words
  (:class:`~policies.search.chinese.ChineseQueryMixin`). ``search()``, ``autocomplete()``
  (the admin page search; the last word is a prefix there), ``Phrase``,
  ``And``/``Or``/``Not`` queries all go the same way (``Boost`` too, where
  modelsearch supports it: PostgreSQL only).

Searching with ``fields=[…]`` on PostgreSQL reads the model's columns rather
than the index and so sees unsegmented text: use the default (all fields).
"""
from django.db import connection
from modelsearch.backends import database

# ---- choosing ---------------------------------------------------------------


def SearchBackend(params):  # noqa: N802 (the name modelsearch's loader looks for)
    """The Chinese version of the database backend modelsearch picks for the
    default connection (see the module docstring)."""
    backend = database.SearchBackend(params)
    # Local imports: modelsearch's SQLite module defines a model that may exist only on SQLite.
    if connection.vendor == "sqlite":
        from .backend_sqlite import ChineseSQLiteSearchBackend as chinese
    elif connection.vendor == "postgresql":
        from .backend_postgres import ChinesePostgresSearchBackend as chinese
    else:
        return backend
    # SQLite without FTS5 gets modelsearch's fallback: keep it.
    return chinese(params) if issubclass(chinese, type(backend)) else backend
