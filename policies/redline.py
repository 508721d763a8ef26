"""Redline between two versions of a policy, at word level.

Parts (chapters, articles, items) are first aligned by their text; a part
that changed is then diffed word by word (jieba segmentation), so a
one-character change shows as one small <ins>/<del>, not a whole clause."""
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .segment import words


def diff_words(old: str, new: str) -> str:
    """HTML of ``new`` with insertions in <ins> and deletions in <del>."""
    a, b = words(old), words(new)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def _text(part):
    return "\n".join(x for x in (part["title"], part["text"]) if x)


def redline(old_parts, new_parts):
    """Rows for the compare view: each with the new label (or old, for a
    removed part), its anchor, a status and the HTML of the change."""
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
        for part, text in zip(old_parts[i1:i2], old_texts[i1:i2]):
            rows.append({"part": part, "status": "removed", "html": mark_safe(f"<del>{escape(text)}</del>")})
        for part, text in zip(new_parts[j1:j2], new_texts[j1:j2]):
            rows.append({"part": part, "status": "added", "html": mark_safe(f"<ins>{escape(text)}</ins>")})
    return rows
