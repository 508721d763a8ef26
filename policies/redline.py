"""Redline between two versions of a policy, at word level.

Parts (chapters, articles, items) are first aligned by their text; a part
that changed is then diffed word by word (jieba segmentation), so a
one-character change shows as one small <ins>/<del>, not a whole clause."""
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .blocks import normalise_text
from .segment import words


def _digit(text, index):
    return 0 <= index < len(text) and text[index].isdigit()


def _common_affixes(a: str, b: str):
    """Lengths of the common prefix and suffix of two strings (not overlapping),
    never cutting through a number: 25 → 20 is marked as a whole, not 5 → 0."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    while prefix and _digit(a, prefix - 1) and (_digit(a, prefix) or _digit(b, prefix)):
        prefix -= 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    while suffix and _digit(a, len(a) - suffix) and (_digit(a, len(a) - suffix - 1) or _digit(b, len(b) - suffix - 1)):
        suffix -= 1
    return prefix, suffix


def diff_words(old: str, new: str) -> str:
    """HTML of ``new`` with insertions in <ins> and deletions in <del>.

    Words are aligned first; within a replaced run, characters shared at its
    start and end stay unmarked, so 一个月 → 两个月 marks only 一 → 两."""
    a, b = words(old), words(new)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(escape(removed))
            continue
        prefix, suffix = _common_affixes(removed, added) if op == "replace" else (0, 0)
        out.append(escape(removed[:prefix]))
        if len(removed) - prefix - suffix > 0:
            out.append(f"<del>{escape(removed[prefix:len(removed) - suffix])}</del>")
        if len(added) - prefix - suffix > 0:
            out.append(f"<ins>{escape(added[prefix:len(added) - suffix])}</ins>")
        out.append(escape(removed[len(removed) - suffix:]))
    return mark_safe("".join(out))


def _text(part):
    """A part's text as compared: normalised for line endings and whitespace,
    so versions saved before editor input was normalised (or by another
    route) compare by their words, not by their CRLFs."""
    return "\n".join(normalise_text(x) for x in (part["title"], part["text"]) if x)


def redline(old_parts, new_parts):
    """Rows for the compare view: each with the new label (or old, for a
    removed part), a status, the HTML of the change and an ``id`` for the
    row (the new part's anchor; ``removed-<old anchor>`` for a removed part,
    whose old anchor may now belong to another part)."""
    old_texts = [_text(p) for p in old_parts]
    new_texts = [_text(p) for p in new_parts]
    rows = []
    matcher = SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for part in new_parts[j1:j2]:
                rows.append({"part": part, "status": "same", "html": escape(_text(part))})
            continue
        if op == "replace":
            # Pair changed parts one to one; extra ones are inserted/removed.
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                rows.append(
                    {"part": new_parts[j1 + k], "status": "changed",
                     "html": diff_words(old_texts[i1 + k], new_texts[j1 + k])}
                )
            i1, j1 = i1 + pairs, j1 + pairs
        for part, text in zip(old_parts[i1:i2], old_texts[i1:i2], strict=True):
            rows.append({"part": part, "status": "removed", "html": mark_safe(f"<del>{escape(text)}</del>")})
        for part, text in zip(new_parts[j1:j2], new_texts[j1:j2], strict=True):
            rows.append({"part": part, "status": "added", "html": mark_safe(f"<ins>{escape(text)}</ins>")})
    for row in rows:
        anchor = row["part"]["anchor"]
        row["id"] = f"removed-{anchor}" if row["status"] == "removed" else anchor
    return rows


CHANGE_LABELS = {"changed": _("修改"), "added": _("新增"), "removed": _("删除")}


def changes(rows):
    """The rows that differ, in reading order, each with a ``kind`` label
    (修改 / 新增 / 删除): the compare view lists them at the top, so that
    one changed character in a long document is one click away."""
    return [{**row, "kind": CHANGE_LABELS[row["status"]]} for row in rows if row["status"] in CHANGE_LABELS]
