"""Official PDF copies of policy versions (正式文本), rendered with WeasyPrint.

Two kinds of copy:

* the **official copy** of a version (公开 policies) is the same for every
  reader: it is rendered once, by a Celery task, and kept in Django's default
  storage under a name that says which version and which state it shows
  (current or superseded), so a second request never renders again;
* a **reader copy** of a 秘密/机密/绝密 policy carries a watermark with the
  reader's name and the time of the download on every page. It is rendered
  for each download and never stored: a stamp with an old time would not
  say when the copy was made, and keeping per-person (or clean) copies of
  secret text at rest would defeat the watermark.

``render_pdf`` is the one function that renders; ``policies.views.pdf``
serves the copies.
"""
import functools
import logging
import shutil
import subprocess
import time
import zoneinfo

from celery.result import EagerResult
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from people.models import Confidentiality, person_name

from .models import PolicyVersion

logger = logging.getLogger(__name__)

#: Bump when the template or CSS change what a copy looks like: stored copies
#: made with an older layout are then rendered again.
LAYOUT = 1

#: The CJK families the stylesheet names. fontconfig would otherwise pick the
#: first CJK face it knows, often the Japanese one (different glyph forms).
CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")

#: How long a request waits for a worker before answering "正在生成" (202).
WAIT_SECONDS = 30
POLL_SECONDS = 0.5
#: A render in progress is not queued twice within this time.
LOCK_SECONDS = 120

WATERMARK_TIMEZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


# ---- what a copy shows ---------------------------------------------------


def version_state(version):
    """``current`` (受控文件), ``superseded`` (a later version exists) or
    ``withdrawn`` (the whole policy was withdrawn): the last two are 非受控."""
    page = version.page
    if version.number != page.current_version.number:
        return "superseded"
    if page.withdrawn:
        return "withdrawn"
    return "current"


def needs_watermark(page, version, snapshot=None):
    """秘密 and above, as the policy is now or as this version was published."""
    snapshot = snapshot or version.as_page()
    level = max(page.confidentiality, snapshot.confidentiality)
    return level >= Confidentiality.SECRET


def official_copy_name(version):
    """Where the official copy of ``version`` is stored. The state is part of
    the name: when a new version is published, the old one's copy must say
    已作废, so it is a different file."""
    return (
        f"policy-pdf/{version.page_id}/"
        f"{version.number}-{version.revision_id}-{version_state(version)}-l{LAYOUT}.pdf"
    )


def pdf_filename(page, version):
    return f"{page.document_number}-v{version.number}.pdf"


def css_string(text):
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    escaped = (
        str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
        .replace("<", "\\3c ").replace(">", "\\3e ")
    )
    return f'"{escaped}"'


def css_content(template, **counters):
    """A translated string with ``{page}``/``{pages}`` placeholders as a CSS
    ``content`` value: literal parts quoted, placeholders as counters, so a
    translation may put them in any order."""
    parts = []
    rest = str(template)
    while rest:
        positions = [(rest.find("{" + name + "}"), name) for name in counters if "{" + name + "}" in rest]
        if not positions:
            parts.append(css_string(rest))
            break
        index, name = min(positions)
        if index:
            parts.append(css_string(rest[:index]))
        parts.append(counters[name])
        rest = rest[index + len(name) + 2:]
    return mark_safe(" ".join(parts))


@functools.lru_cache(maxsize=1)
def missing_cjk_families():
    """The families in :data:`CJK_FAMILIES` that fontconfig does not know
    (install Debian's ``fonts-noto-cjk``: ``make system-deps``)."""
    if not shutil.which("fc-list"):
        return ()
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    known = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return tuple(family for family in CJK_FAMILIES if family not in known)


def pdf_context(version, reader=None, now=None, copy_number=None):
    page = version.page
    snapshot = version.as_page()
    state = version_state(version)
    context = {
        "page": page,
        "version": version,
        "snapshot": snapshot,
        "parts": snapshot.numbered_body(),
        "history": page.versions.filter(number__lte=version.number).order_by("number"),
        "state": state,
        "controlled": state == "current",
        "current": page.current_version,
        "header_left": mark_safe(css_string(_("文件编号：%s") % snapshot.document_number)),
        "header_center": mark_safe(css_string(_("版本号：%s") % version.version_label)),
        "header_right": mark_safe(
            css_string(_("生效日期：%s") % version.effective_date.strftime("%Y-%m-%d"))
        ),
        "footer": css_content(
            _("第 {page} 页 / 共 {pages} 页"), page="counter(page)", pages="counter(pages)"
        ),
        "status_mark": mark_safe(css_string(_("受控文件") if state == "current" else _("已作废 / 非受控"))),
    }
    if reader is not None:
        at = timezone.localtime(now or timezone.now(), WATERMARK_TIMEZONE)
        context["watermark"] = _("%(name)s · %(time)s") % {
            "name": person_name(reader),
            "time": at.strftime("%Y-%m-%d %H:%M"),
        }
        if copy_number is not None:  # 绝密: the copy's number in the register
            context["watermark"] = _("%(name)s · 第 %(number)s 份 · %(time)s") % {
                "name": person_name(reader), "number": copy_number, "time": at.strftime("%Y-%m-%d %H:%M"),
            }
        context["watermark_cells"] = range(24)
        level = Confidentiality(max(page.confidentiality, snapshot.confidentiality))
        context["level_mark"] = mark_safe(css_string(_("密级：%s") % level.label))
    return context


def render_pdf(version, reader=None, now=None, copy_number=None):
    """The PDF bytes of ``version``: the official copy, or with ``reader`` a
    copy watermarked with the reader's name and ``now`` (Asia/Shanghai).

    Always in the site's language (Chinese): an official copy is one text."""
    missing = missing_cjk_families()
    if missing:
        logger.warning("CJK fonts missing (%s): Chinese may render with the wrong glyphs", ", ".join(missing))
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("policies/pdf/policy.html", pdf_context(version, reader, now, copy_number))
    # Everything is inline: the copy never fetches a file or a URL.
    no_fetching = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=no_fetching).write_pdf()


# ---- the stored official copy --------------------------------------------


def store_official_copy(version_pk):
    """Render and store the official copy of a version unless it is stored
    already; return its storage name. Idempotent (what the task runs)."""
    version = PolicyVersion.objects.select_related("page", "revision").get(pk=version_pk)
    name = official_copy_name(version)
    if default_storage.exists(name):
        return name
    content = render_pdf(version)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # another worker stored it meanwhile: keep theirs
        default_storage.delete(saved)
    return name


def official_copy(version, queue_render, wait=None):
    """The storage name of the official copy, rendering it through Celery if
    needed: ``queue_render(version_pk)`` queues the render (the caller passes
    the task's ``delay``: services do not import the tasks above them).
    Eager (no broker): the task runs here. With a worker: wait up to ``wait``
    seconds for the file, then return None (the caller answers 202)."""
    name = official_copy_name(version)
    if default_storage.exists(name):
        return name
    lock = f"policy-pdf-rendering:{name}"
    if cache.add(lock, True, LOCK_SECONDS):
        try:
            result = queue_render(version.pk)
        except Exception:
            cache.delete(lock)
            raise
        if isinstance(result, EagerResult):
            try:
                return result.get()
            finally:
                cache.delete(lock)
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if default_storage.exists(name):
            return name
    return name if default_storage.exists(name) else None


def stored_copy(name):
    """The bytes of a stored official copy."""
    with default_storage.open(name, "rb") as stored:
        return stored.read()


# ---- the reader's copy ------------------------------------------------------


def reader_copy(version, reader, now, copy_number=None):
    """The copy of a 秘密/机密/绝密 version for one reader: watermarked with
    their name and ``now`` (and a 绝密 copy's number), rendered for each
    download, never stored."""
    return render_pdf(version, reader=reader, now=now, copy_number=copy_number)
