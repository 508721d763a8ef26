"""The reading text of a published policy: its numbered body and its table
of contents, rendered once per published revision and kept in the Django
cache (Redis in production), not rebuilt from the StreamField on every read.

What is kept is the same for every reader allowed to see the policy: the
text of one revision, in one script and one language, and nothing about
the reader. It is never a permission: the page checks access
(``PolicyPage.check_access``) before it asks for the text. The key names
the page and its live revision, so publishing a new revision reads (and
renders) the new text; a preview of a draft is never cached."""
import dataclasses

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .templatetags.policy_toc import in_script, toc

#: Bump when the body or contents templates change what they render.
FORMAT = 1
#: A revision's text never changes; a day bounds what an unused one occupies.
TIMEOUT = 24 * 60 * 60


@dataclasses.dataclass(frozen=True)
class Reading:
    """A policy's text as the page shows it: ``body`` and ``contents``
    (the table of contents, empty when there is too little to navigate)
    as HTML, and whether it is written in Traditional characters."""

    body: str
    contents: str
    traditional: bool


def _render(parts):
    entries = toc(parts)
    body = render_to_string("policies/includes/policy_body.html", {"parts": parts})
    contents = render_to_string("policies/includes/toc.html", {"contents": entries}) if entries else ""
    return body, contents


def _key(page, revision_id, script):
    # The publication time too: ids restart after a database is restored
    # (or a test rolled back), a publication never happens twice.
    published = page.last_published_at.timestamp() if page.last_published_at else ""
    return f"policies:reading:{FORMAT}:{page.pk}:{revision_id}:{published}:{get_language()}:{script or 'orig'}"


def reading(page, script="", revision_id=None):
    """``page``'s text in ``script`` ("hans": Simplified, for a Traditional
    policy; anything else: as written). ``revision_id``: the published
    revision ``page`` holds (its ``live_revision_id``), which makes the
    result cacheable; without it (previews) the text is rendered each time."""
    if revision_id is None:
        return _fresh(page, script)
    original_key = _key(page, revision_id, "")
    wanted = [original_key] + ([_key(page, revision_id, "hans")] if script == "hans" else [])
    found = cache.get_many(wanted)
    original = found.get(original_key)
    if original is None:
        parts = page.numbered_body()
        traditional = page.is_traditional
        original = (*_render(parts), traditional)
        cache.set(original_key, original, TIMEOUT)
    body, contents, traditional = original
    if script == "hans" and traditional:
        hans_key = wanted[1]
        hans = found.get(hans_key)
        if hans is None:
            hans = _render(in_script(page.numbered_body(), "hans"))
            cache.set(hans_key, hans, TIMEOUT)
        body, contents = hans
    return Reading(mark_safe(body), mark_safe(contents), traditional)  # noqa: S308 (rendered by our templates)


def _fresh(page, script):
    traditional = page.is_traditional
    parts = page.numbered_body()
    if script == "hans" and traditional:
        parts = in_script(parts, "hans")
    body, contents = _render(parts)
    return Reading(mark_safe(body), mark_safe(contents), traditional)  # noqa: S308 (rendered by our templates)
