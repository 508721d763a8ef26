"""How Chinese text becomes searchable: one place for the index, the query
and the highlighter, so that all three cut text the same way.

Database full-text engines split words at spaces and punctuation; Chinese has
neither between words, so a whole sentence would become one "word". Before the
database sees any text we

1. normalise it: OpenCC Traditional → Simplified (a Simplified query finds
   Traditional text and the other way round) and ASCII lower case;
2. write it out as space-separated tokens of two kinds:

   * **character bigrams** of every run of Chinese characters (培训计划 →
     培训 训计 计划), in text order. A query's bigrams searched as a phrase
     match exactly the documents that contain the query as a substring,
     whatever jieba makes of the text around it;
   * **jieba words** in search-engine mode (``cut_for_search``: 售后服务 also
     yields 售后 and 服务), for relevance and for queries whose words are
     far apart in the document.

   Letters and digits (ISO9001, A/0) are kept as words of their own, split at
   punctuation the same way on both sides.

The bigrams come first: PostgreSQL caps token positions at 16383, and only
the phrase needs positions.
"""
import functools
import re
from dataclasses import dataclass

import jieba

from ..segment import to_simplified

# CJK Unified Ideographs, Extension A and the compatibility block.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_ALNUM = re.compile(r"[^\W_]+")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_ASCII_UPPER = re.compile("[A-Z]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Where a text may be cut into pieces that OpenCC converts on their own.
_PIECES = re.compile(r"[^\s，。；：、！？,.;:!?（）()]+|.", re.S)


def normalise(text: str) -> str:
    """Simplified characters, ASCII lower case."""
    simplified = to_simplified(text)
    # str.translate looks every character up in the table: slow over long
    # Chinese texts that hold no capital letter at all (most of them).
    return simplified.translate(_ASCII_LOWER) if _ASCII_UPPER.search(simplified) else simplified


def normalise_with_offsets(text: str):
    """``(normalised, offsets)`` where ``offsets[i]`` is the index in ``text``
    of the character that became ``normalised[i]``.

    OpenCC t2s is character for character almost everywhere; where a phrase
    conversion changes the length, that piece is converted one character at
    a time instead, so every normalised character still points at its
    original."""
    normalised = normalise(text)
    if len(normalised) == len(text):
        return normalised, list(range(len(text)))
    out, offsets = [], []
    for match in _PIECES.finditer(text):
        piece, start = match.group(), match.start()
        converted = normalise(piece)
        if len(converted) == len(piece):
            out.append(converted)
            offsets.extend(range(start, start + len(piece)))
            continue
        for position, char in enumerate(piece, start):
            converted = normalise(char)
            out.append(converted)
            offsets.extend([position] * len(converted))
    return "".join(out), offsets


def _alnum(tokens):
    """Split jieba tokens into runs of letters and digits (punctuation and
    spaces go), exactly as both database tokenizers will see them."""
    for token in tokens:
        yield from _ALNUM.findall(token)


def bigrams(normalised: str) -> list[str]:
    """Overlapping pairs of each run of Chinese characters (a lone character
    stands for itself), other words as they are, in text order."""
    tokens = []
    for match in _RUN.finditer(normalised):
        run = match.group()
        if _CJK_RUN.fullmatch(run) and len(run) > 1:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


def index_words(normalised: str) -> list[str]:
    """jieba search-engine mode: words and the dictionary words inside them."""
    return list(_alnum(jieba.cut_for_search(normalised)))


def query_words(normalised: str) -> list[str]:
    """jieba precise mode: the words the reader typed (the index holds their
    parts as well, see :func:`index_words`)."""
    return list(_alnum(jieba.cut(normalised)))


@functools.lru_cache(maxsize=8192)
def index_text(text: str) -> str:
    """The text the database indexes for ``text``. Cached: modelsearch asks
    for each value several times per document (title, body, autocomplete,
    and on PostgreSQL their plain-text copies), and a page is often saved
    more than once in a publication."""
    if not text:
        return ""
    normalised = normalise(text)
    return " ".join(bigrams(normalised) + index_words(normalised))


@dataclass(frozen=True)
class Term:
    """One whitespace-separated part of a query, normalised."""

    text: str
    words: tuple
    grams: tuple

    @property
    def highlights(self):
        """Strings to mark in a snippet: the term itself, then its words
        (single characters only when the term is one)."""
        found = [self.text]
        minimum = 1 if len(self.text) == 1 else 2
        found.extend(w for w in self.words if len(w) >= minimum and w != self.text)
        return found


def query_terms(query: str) -> list[Term]:
    """The query's terms; ones with nothing searchable in them (punctuation
    only) are dropped."""
    terms = []
    for part in query.split():
        normalised = _EDGES.sub("", normalise(part))
        words = tuple(query_words(normalised))
        grams = tuple(bigrams(normalised))
        if words or grams:
            terms.append(Term(normalised, words, grams))
    return terms
