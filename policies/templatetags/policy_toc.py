"""``{{ page.numbered_body|toc }}``: a policy's table of contents, built from
the anchors ``PolicyPage.numbered_body()`` already gives every part.

Chapters are the top level with their articles (and titled items) beneath;
a policy without chapters lists its articles, one without articles its
numbered items. Plain paragraphs never appear. Presentation only: the
numbering and the anchors are the model's."""
from django import template

from ..segment import to_simplified

register = template.Library()

# How much of an article's text names it in the contents.
GIST_LENGTH = 24


def gist(text, length=GIST_LENGTH):
    """The opening words of ``text``, up to the first full stop or ``length``
    characters (with an ellipsis when cut)."""
    first_line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    sentence = first_line.split("。")[0]
    if len(sentence) <= length:
        return sentence
    return sentence[:length].rstrip("，、；：,;: ") + "…"


def _entry(part):
    if part["type"] == "chapter":
        title = part["title"]
    elif part["type"] == "item":
        title = part["title"] or gist(part["text"])
    else:
        title = gist(part["text"])
    return {"anchor": part["anchor"], "label": part["label"], "title": title, "type": part["type"], "children": []}


def table_of_contents(parts):
    """Entries ``{"anchor", "label", "title", "type", "children"}`` for the
    chapters, articles and numbered items of ``parts`` (the output of
    ``numbered_body``), nested under their chapter."""
    types = {part["type"] for part in parts}
    if "chapter" in types:
        listed = {"chapter", "article", "item"}
    elif "article" in types:
        listed = {"article"}
    else:
        listed = {"item"}
    entries, chapter = [], None
    for part in parts:
        if part["type"] not in listed:
            continue
        entry = _entry(part)
        if part["type"] == "chapter":
            chapter = entry
            entries.append(entry)
        elif chapter is not None:
            chapter["children"].append(entry)
        else:
            entries.append(entry)
    return entries


@register.filter
def toc(parts):
    """The table of contents of a numbered body, or an empty list when there
    is too little to navigate (fewer than three entries)."""
    entries = table_of_contents(list(parts or []))
    count = sum(1 + len(entry["children"]) for entry in entries)
    return entries if count >= 3 else []


@register.filter
def in_script(parts, script):
    """The parts in Simplified characters when ``script`` is "hans" (the
    简/繁 switch of a Traditional policy); the original text otherwise."""
    if script != "hans":
        return parts
    keys = ("title", "text", "plain")
    return [{**part, **{key: to_simplified(part[key]) for key in keys if part.get(key)}} for part in parts]


@register.filter
def simplified_if(text, script):
    return to_simplified(text) if script == "hans" and text else text
