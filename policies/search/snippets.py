"""Where in a policy a query was found, and the excerpt that shows it.

Matching is done on normalised text (Simplified, ASCII lower case: see
:mod:`policies.search.text`); the excerpt is cut from the original text, so
a Traditional document shows its own characters with the Simplified query's
words marked. Everything taken from the document is escaped; only our own
``<mark>`` tags are not.
"""
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..numbering import iter_numbered
from .text import normalise, normalise_with_offsets

BEFORE = 24  # characters of context before the first match
WIDTH = 96  # characters in an excerpt
ELLIPSIS = "…"


def part_text(part):
    """The words of one numbered part (its generated label left out)."""
    return "\n".join(piece for piece in (part["title"], part["text"]) if piece)


def spans(normalised, terms):
    """Sorted, merged ``[start, end)`` spans of every highlight string of
    every term in ``normalised``."""
    found = []
    for term in terms:
        for needle in term.highlights:
            start = normalised.find(needle)
            while start != -1:
                found.append((start, start + len(needle)))
                start = normalised.find(needle, start + 1)
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def excerpt(text, terms):
    """Safe HTML: about ``WIDTH`` characters of ``text`` around the first
    exact match of a term (or of one of its words), matches in ``<mark>``."""
    normalised, offsets = normalise_with_offsets(text)
    marks = spans(normalised, terms)
    exact = [normalised.find(t.text) for t in terms if t.text in normalised]
    focus = min(exact) if exact else (marks[0][0] if marks else 0)
    start = max(0, focus - BEFORE)
    end = min(len(normalised), start + WIDTH)
    start = max(0, end - WIDTH)
    if end <= start:
        return mark_safe("")
    # From normalised positions to the original text.
    window = (offsets[start], offsets[end - 1] + 1)
    original = []
    for mark_start, mark_end in marks:
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        if mark_start >= mark_end:
            continue
        span = (offsets[mark_start], offsets[mark_end - 1] + 1)
        if original and span[0] <= original[-1][1]:
            original[-1] = (original[-1][0], max(original[-1][1], span[1]))
        else:
            original.append(span)

    html, position = [], window[0]
    if window[0] > 0:
        html.append(ELLIPSIS)
    for mark_start, mark_end in original:
        html.append(escape(text[position:mark_start]))
        html.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        position = mark_end
    html.append(escape(text[position : window[1]]))
    if window[1] < len(text):
        html.append(ELLIPSIS)
    return mark_safe(" ".join("".join(html).split()))


def find_match(page, terms):
    """``{"snippet", "anchor", "label", "exact"}`` for ``page``.

    The part shown is the first one (in reading order) holding the most
    terms exactly, or failing that the most of their words. ``exact`` is
    whether every term occurs as written somewhere in the title or body.
    When only the title matched, the excerpt is the start of the body and
    there is no anchor.

    The body is read from its raw blocks, part by part, and no further than
    the first part holding every term and word: nothing can beat it (a
    long policy whose first article holds the query costs one article)."""
    wanted = {t.text for t in terms}
    highlights = {w for t in terms for w in t.highlights}
    best_possible = (len(wanted), len(highlights))
    title = normalise(page.title)
    found = {t for t in wanted if t in title}
    best, best_key, first = None, (0, 0), None
    blocks = ((block["type"], block["value"]) for block in page.body.raw_data)
    for part in iter_numbered(blocks):
        text = part_text(part)
        if not text:
            continue
        if first is None:
            first = text
        normalised = normalise(text)
        exact = {t for t in wanted if t in normalised}
        found |= exact
        key = (len(exact), sum(1 for w in highlights if w in normalised))
        if key > best_key:
            best, best_key = (part, text), key
            if key == best_possible:
                break
    if best is None:
        return {"snippet": excerpt(first, terms) if first else mark_safe(""),
                "anchor": "", "label": "", "exact": found == wanted}
    part, text = best
    return {
        "snippet": excerpt(text, terms),
        "anchor": part["anchor"],
        "label": part["label"],
        "exact": found == wanted,
    }
