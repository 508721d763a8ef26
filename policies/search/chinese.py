"""What makes a modelsearch database backend Chinese-aware, shared by the
SQLite and PostgreSQL backends (see :mod:`policies.search.backend`): the
query rewrite and the exact-phrase ranking (:class:`ChineseQueryMixin`), and
the indexer that stores text as :func:`~policies.search.text.index_text`
(:class:`ChineseIndexerMixin`, :func:`with_indexer`)."""
import re
import types

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, ExpressionWrapper, FloatField, Q, Value, When
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText

from .text import index_text, query_terms

MATCH_NOTHING = Not(MatchAll())
SAFE_PHRASE = re.compile(r"[^\W_]+( [^\W_]+)*")  # tokens only: nothing a regex would read


# ---- querying ---------------------------------------------------------------


def _phrase_adds(term):
    """Whether the term's bigram phrase says more than its words do."""
    return bool(term.grams) and list(term.grams) != list(term.words)


def term_query(term):
    """``(words AND-ed) OR "bigrams"`` for one normalised query term."""
    words = PlainText(" ".join(term.words), operator="and") if term.words else None
    if _phrase_adds(term):
        phrase = Phrase(" ".join(term.grams))
        return Or([words, phrase]) if words else phrase
    return words


def _combine(kind, subqueries):
    subqueries = [q for q in subqueries if q is not None]
    if not subqueries:
        return None
    return subqueries[0] if len(subqueries) == 1 else kind(subqueries)


def _rewrite(query, phrases):
    """The rewritten query; the bigram phrases of its terms are collected in
    ``phrases`` (not those under a ``Not``: they rank nothing)."""
    if isinstance(query, PlainText):
        terms = query_terms(query.query_string)
        if phrases is not None:
            phrases.extend(t for t in terms if _phrase_adds(t))
        return _combine(And if query.operator == "and" else Or, [term_query(t) for t in terms])
    if isinstance(query, Phrase):
        # A quoted phrase: every term must be there, each as a whole (so
        # nothing to rank up: every result holds the phrases).
        terms = [t for t in query_terms(query.query_string) if t.grams]
        return _combine(And, [Phrase(" ".join(t.grams)) for t in terms])
    if isinstance(query, (And, Or)):
        return _combine(type(query), [_rewrite(q, phrases) for q in query.subqueries])
    if isinstance(query, Not):
        inner = _rewrite(query.subquery, None)
        return Not(inner) if inner is not None else MatchAll()
    if isinstance(query, Boost):
        inner = _rewrite(query.subquery, phrases)
        return Boost(inner, query.boost) if inner is not None else None
    return query  # MatchAll, Fuzzy: as they are


def chinese_query(query, phrases=None):
    """Rewrite a modelsearch query tree into terms the index holds. A query
    with nothing searchable left (only punctuation) matches nothing. The
    terms whose exact phrase ranks (see :func:`_phrase_adds`) are appended
    to ``phrases``."""
    rewritten = _rewrite(query, phrases)
    return MATCH_NOTHING if rewritten is None else rewritten


def token_phrase_held(column, term):
    """A condition: ``column`` (index text: tokens of letters and digits,
    separated by a space, or by a comma between the values of a list) holds
    ``term``'s bigrams side by side, within one value. ``None`` for a
    phrase a regular expression should not read."""
    phrase = " ".join(term.grams)
    if not SAFE_PHRASE.fullmatch(phrase):
        return None
    return Q(**{f"{column}__regex": rf"(^|[ ,]){phrase}($|[ ,])"})


def exact_phrases_held(columns, terms, held_in=token_phrase_held):
    """An expression: how many of ``terms`` the document holds exactly, in
    any of ``columns`` (``held_in(column, term)``: the condition for one;
    by default a regular expression over our index text, which tells an
    exact phrase from words that are merely all there, on SQLite and
    PostgreSQL alike). It is only evaluated for documents the full-text
    match has already found."""
    held = Value(0.0)
    for term in terms:
        conditions = [c for c in (held_in(column, term) for column in columns) if c is not None]
        if not conditions:
            continue
        condition = conditions[0]
        for other in conditions[1:]:
            condition |= other
        held = held + Case(When(condition, then=Value(1.0)), default=Value(0.0))
    return ExpressionWrapper(held, output_field=FloatField())


class ChineseQueryMixin:
    """For query compilers: rewrite the query once it has been parsed, and
    rank documents holding a term's exact phrase above those holding only
    its words (``PHRASE_COLUMNS``: where the index text is stored;
    ``PHRASE_SIGN``: +1 when higher scores are better, -1 for SQLite's
    bm25, where lower is better). A search restricted to some ``fields``
    keeps the database's ranking: the columns hold all fields together."""

    PHRASE_BONUS = 1000.0  # above any text score: exact phrases come first
    PHRASE_COLUMNS = ()
    PHRASE_SIGN = 1
    #: ``(column, term) -> Q``: the condition that a column holds a term exactly.
    phrase_held = staticmethod(token_phrase_held)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exact_phrases = []
        self.query = chinese_query(self.query, self.exact_phrases)

    def _build_rank_expression(self, vectors, config):
        rank = super()._build_rank_expression(vectors, config)
        if not self.exact_phrases or self.fields is not None:
            return rank
        held = exact_phrases_held(self.PHRASE_COLUMNS, self.exact_phrases, self.phrase_held)
        return ExpressionWrapper(
            rank + held * (self.PHRASE_SIGN * self.PHRASE_BONUS), output_field=FloatField()
        )


# ---- indexing ---------------------------------------------------------------


class ChineseIndexerMixin:
    """For modelsearch's ``ObjectIndexer``: every string that goes into the
    index is normalised and segmented (lists and dicts are joined by the base
    class from their items, each of which comes back through here)."""

    def prepare_value(self, value):
        if isinstance(value, str):
            return index_text(value)
        return super().prepare_value(value)


def _global_names(code):
    """Names a code object (or a comprehension inside it) looks up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def with_indexer(add_items, indexer_class):
    """A copy of modelsearch's ``Index.add_items`` that builds its documents
    with ``indexer_class``.

    modelsearch looks its ``ObjectIndexer`` up by module-global name inside
    ``add_items`` and offers no hook to change it. Rather than copy that
    method (and keep it in step with every release by hand), run the very
    same code with the name bound to our subclass; nothing global changes,
    so the plain backend keeps working side by side (see bench/)."""
    if "ObjectIndexer" not in _global_names(add_items.__code__):
        raise ImproperlyConfigured(
            f"{add_items.__qualname__} no longer builds an ObjectIndexer: "
            "policies.search.chinese needs updating for this modelsearch version."
        )
    function = types.FunctionType(
        add_items.__code__,
        {**add_items.__globals__, "ObjectIndexer": indexer_class},
        add_items.__name__,
        add_items.__defaults__,
        add_items.__closure__,
    )
    function.__kwdefaults__ = add_items.__kwdefaults__
    function.__doc__ = add_items.__doc__
    function.__qualname__ = add_items.__qualname__
    return function
