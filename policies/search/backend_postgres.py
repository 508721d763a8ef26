"""The Chinese search backend on PostgreSQL full text (chosen by
:func:`policies.search.backend.SearchBackend`).

Besides the tsvectors (segmented text, see :mod:`.text`), every index entry
keeps its title and body as **normalised plain text** (Simplified, lower
case: :func:`~policies.search.text.normalise`) in modelsearch's
``title_text``/``body_text`` columns, under pg_trgm GIN indexes (migration
``policies.0007_search_trigram_indexes``). A substring of that text is an
exact phrase, found through the trigram index: the exact-phrase ranking
reads it, and :meth:`ChinesePostgresSearchBackend.first_matches` finds a
bounded number of matches without ranking every one of them.

The site search (:class:`policies.search.PolicySearch`) asks
:meth:`ChinesePostgresSearchBackend.ranked_matches` instead: the matches in
its order, found through the GIN indexes on the tsvectors and read
(texts, the reader's rule) only as far as the page shown and the count
need (:class:`RankedMatches`).
"""
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
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

    def ranked_matches(self, queryset, query):
        """The matches of ``query`` among ``queryset`` in the site search's
        order, read lazily (see :class:`RankedMatches`)."""
        return RankedMatches(self, queryset, query)


# ---- the site search's order ---------------------------------------------------


def _with_settings(before, sql, params, after):
    """The rows of ``sql`` run between two settings statements (without
    parameters), in one round trip where the cursor binds parameters on
    the client (psycopg's ``ClientCursor``, Django's default), else in
    three."""
    import psycopg

    with connection.cursor() as cursor:
        if isinstance(cursor.cursor, psycopg.ClientCursor):
            cursor.execute(f"{before}; {sql}; {after}", params)
            while cursor.description is None:  # the results of the SETs first
                if not cursor.nextset():
                    return []
            return cursor.fetchall()
        cursor.execute(before)
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            cursor.execute(after)


def _like(text):
    """``text`` as a LIKE pattern for "contains" (its wildcards escaped)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class RankedMatches:
    """The matches of ``query`` among ``queryset`` (policies: the reader's
    rule and the filters applied) in the site search's order, read only as
    far as they are asked for.

    The order: the titles holding every term as written, then the texts
    holding every term as written, then the documents holding the terms'
    words apart (what ``.search()`` finds besides); newest first within
    each group. No score is computed: the groups are told apart by the
    index, and the exact phrases are read (``LIKE`` on the stored
    normalised text) only for the documents needed, in that order.

    The candidates come from the GIN indexes on the tsvectors, which hold
    every bigram of the text (:mod:`.text`): a document holding a term as
    written holds all its bigrams, so the candidates miss nothing, and a
    plain ``&`` query needs no recheck of the large tsvectors. One
    statement finds the candidates of every term and the titles; then
    each batch of candidates, newest first, is narrowed to what the
    reader may see (``queryset``, as a subquery on the batch) and, when
    the order needs it, has its texts read, in one statement. A common
    word matching most of the corpus thus costs a batch or two, not a
    scan of every match; a rare phrase whose bigrams are common takes
    batches twice as large each time (a few statements, not one per 33
    candidates). The candidates arrive as one string of ids per arm, and
    the settings around their statement travel with it (one round trip)."""

    FIRST_BATCH = 32  # documents looked at once, at least

    def __init__(self, backend, queryset, query):
        from django.contrib.contenttypes.models import ContentType

        self.backend, self.queryset = backend, queryset
        self.terms = query_terms(query)
        self.phrases = [t for t in self.terms if _phrase_adds(t)]
        self.content_type = ContentType.objects.get_for_model(queryset.model).pk
        self._visible = {}  # id -> the reader may see it (and the filters keep it)
        self._exact = {}  # visible id -> every term held as written (texts read)
        self._member = set()  # visible ids known to match

    @cached_property
    def _sets(self):
        """``(titles, words, candidates)``: ids, newest first, of the
        documents whose title holds every term; holding every term's words
        (they match, read or not); possibly matching (each term's words or
        bigrams). Whoever may see them."""
        if not self.terms:
            return [], [], []
        arms, params = [], []
        config = self.backend.config

        def arm(kind, condition, condition_params):
            # content_type_id + 0: not through its btree index (then every
            # tsvector of the type would be read to test it), only the GIN ones.
            arms.append(f"SELECT object_id, {kind} FROM wagtailsearch_indexentry "
                        f"WHERE content_type_id + 0 = %s AND {condition}")
            params.extend([self.content_type, *condition_params])

        either = "(title @@ to_tsquery(%s::regconfig, %s) OR body @@ to_tsquery(%s::regconfig, %s))"
        title, title_params = [], []
        for number, term in enumerate(self.terms):
            if term.words:
                arm(2 * number, either, [config, " & ".join(term.words)] * 2)
            if _phrase_adds(term):
                grams = " & ".join(term.grams)
                arm(2 * number + 1, either, [config, grams] * 2)
                title.append("title @@ to_tsquery(%s::regconfig, %s) AND title_text LIKE %s")
                title_params.extend([config, grams, _like(term.text)])
            else:
                title.append("title @@ to_tsquery(%s::regconfig, %s)")
                title_params.extend([config, " & ".join(term.words)])
        arm(-1, " AND ".join(title), title_params)
        # Each arm's ids come back as one comma-separated string, newest
        # first (a common word's thousands of ids: one row, not thousands).
        sql = (f"SELECT kind, string_agg(object_id, ',' ORDER BY object_id::integer DESC) "
               f"FROM ({' UNION ALL '.join(arms)}) AS arms(object_id, kind) GROUP BY kind")
        # Through the GIN indexes even for a word in most documents: the
        # planner would rather scan the table, and read every large
        # tsvector to test it, than visit most of the index.
        # No parallel workers either: starting them costs more than the
        # bitmap scans they would share.
        rows = _with_settings("SET enable_seqscan = off; SET max_parallel_workers_per_gather = 0",
                              sql, params, "RESET enable_seqscan; RESET max_parallel_workers_per_gather")
        per_term = [([], []) for _ in self.terms]
        in_title = []
        for kind, ids in rows:
            found = list(map(int, ids.split(",")))
            if kind < 0:
                in_title = found
            else:
                per_term[kind // 2][kind % 2].extend(found)
        self._words_per_term = [set(w) for w, _ in per_term]
        newest = lambda ids: sorted(ids, reverse=True)  # noqa: E731
        if len(self.terms) == 1:  # one term (most queries): its lists come sorted already
            (words, grams), = per_term
            titles = set(in_title)
            candidates = newest(set(words).union(grams) - titles) if grams else [
                pk for pk in words if pk not in titles]
            return in_title, words, candidates
        words = set.intersection(*self._words_per_term)
        candidates = set.intersection(*(set(w).union(g) for w, g in per_term)) | set(in_title)
        return in_title, newest(words), newest(candidates - set(in_title))

    @cached_property
    def _visible_sql(self):
        """The policies the reader may see, as SQL (compiled once); ``None``
        when there are none."""
        # Narrowed to a batch of ids (given per statement where ``batch``
        # stands) on the primary key of every table of the model: PostgreSQL
        # does not carry "= ANY" across the join to a parent table
        # (wagtailcore_page), and would otherwise scan every live page.
        batch = []
        queryset = self.queryset.order_by()
        model = queryset.model
        for table in [model, *model._meta.get_parent_list()]:
            column = f'"{table._meta.db_table}"."{table._meta.pk.column}"'
            queryset = queryset.filter(RawSQL(f"{column} = ANY(%s)", (batch,), output_field=BooleanField()))
        try:
            sql, params = queryset.values("pk").query.sql_with_params()
        except EmptyResultSet:
            return None
        return sql, [None if param is batch else param for param in params], [
            n for n, param in enumerate(params) if param is batch]

    def _look(self, ids, read):
        """One statement: which of ``ids`` the reader may see and, with
        ``read``, whether each visible one holds every term as written."""
        ids = [pk for pk in ids if pk not in self._visible or (read and self._visible[pk] and pk not in self._exact)]
        if not ids:
            return
        columns, params = ["TRUE"], []
        if read:
            for term in self.phrases:
                columns.append("(title_text LIKE %s OR body_text LIKE %s)")
                params.extend([_like(term.text)] * 2)
        if self._visible_sql is None:  # the reader may see nothing at all
            self._visible.update(dict.fromkeys(ids, False))
            return
        visible_sql, visible_params, batch_at = self._visible_sql
        visible_params = list(visible_params)
        for position in batch_at:
            visible_params[position] = ids
        # The reader's rule as a subquery narrowed to the batch (PostgreSQL
        # pulls it up: the batch's pages only, through their primary keys).
        sql = (f"SELECT object_id, {', '.join(columns)} FROM wagtailsearch_indexentry "
               f"WHERE content_type_id = %s AND object_id = ANY(%s) AND object_id::integer IN "
               f"(SELECT visible.pk FROM ({visible_sql}) AS visible(pk))")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, self.content_type, [str(pk) for pk in ids], *visible_params])
            found = {int(row[0]): row[2:] for row in cursor.fetchall()}
        for pk in ids:
            self._visible[pk] = pk in found
        if not read:
            for pk in found:
                if all(pk in words for words in self._words_per_term):
                    self._member.add(pk)
            return
        flags = dict(zip((id(t) for t in self.phrases), range(len(self.phrases)), strict=True))
        for pk, held in found.items():
            exact, member = True, True
            for number, term in enumerate(self.terms):
                words = pk in self._words_per_term[number]
                here = bool(held[flags[id(term)]]) if id(term) in flags else words
                exact &= here
                member &= here or words
            self._exact[pk] = exact
            if member:
                self._member.add(pk)

    def _walk(self, ids, read, wanted):
        """Look at ``ids`` in order, in batches, until ``wanted()`` (the
        number still missing) is 0 or they are all seen."""
        position, rounds = 0, 0
        while position < len(ids):
            missing = wanted()
            if missing <= 0:
                return
            # Twice as many each round: a phrase whose bigrams are common
            # but which is itself rare takes a few statements, not dozens.
            size = max(self.FIRST_BATCH, missing + missing // 4 + 8) << min(rounds, 6)
            self._look(ids[position : position + size], read)
            position += size
            rounds += 1

    def head(self, count):
        """The first ``count`` ids in order."""
        in_title, _, candidates = self._sets
        titles = lambda: [pk for pk in in_title if self._visible.get(pk)]  # noqa: E731
        self._walk(in_title, False, lambda: count - len(titles()))
        shown = titles()
        for pk in shown:
            self._exact[pk] = True
            self._member.add(pk)
        if len(shown) >= count:
            return shown[:count]
        # How many candidates are known to hold every term as written: over
        # the texts read so far, not over every candidate (thousands for a
        # common word) once per batch.
        in_titles = set(in_title)
        known = lambda: sum(1 for pk, held in self._exact.items() if held and pk not in in_titles)  # noqa: E731
        self._walk(candidates, True, lambda: count - len(shown) - known())
        shown += [pk for pk in candidates if self._exact.get(pk)]
        if len(shown) >= count or any(pk not in self._exact and self._visible.get(pk, True) for pk in candidates):
            return shown[:count]
        rest = [pk for pk in candidates if pk in self._member and not self._exact.get(pk)]
        return (shown + rest)[:count]

    def total(self, limit):
        """``(number of matches up to limit, whether there are more)``."""
        in_title, words, candidates = self._sets
        self._walk(words, False, lambda: limit + 1 - len(self._member))
        self._walk(in_title, False, lambda: limit + 1 - len(self._member | self._titles_visible()))
        known = self._member | self._titles_visible()
        if len(known) <= limit:  # those holding every term's words match: read the others only
            holding = set(words)
            others = [pk for pk in candidates if pk not in holding]
            self._walk(others, True, lambda: limit + 1 - len(self._member | self._titles_visible()))
            known = self._member | self._titles_visible()
        return min(len(known), limit), len(known) > limit

    def _titles_visible(self):
        return {pk for pk in self._sets[0] if self._visible.get(pk)}

    def all(self):
        """Every id in order."""
        in_title, _, candidates = self._sets
        return self.head(len(in_title) + len(candidates))
