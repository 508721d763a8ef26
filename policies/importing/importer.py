"""The importer: one ``PolicyPage`` per parsed document under the policy
library, published; a new version when the text changed since the last
import; nothing when it did not. Each file in its own transaction."""
import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from people.demo import ensure_organisation
from people.models import Department

from ..library import ensure_library
from ..models import PolicyCategory, PolicyPage
from .metadata import guess_category, guess_department
from .parsed import ParsedDocument, ParsedFile
from .parsing import document_number, parse_files

# Used when neither the document nor its file states a date. Fixed (not
# today) so that importing the same file twice gives the same page.
DEFAULT_EFFECTIVE_DATE = datetime.date(2025, 1, 1)
FIRST_VERSION_LABEL = "A/0"

# Stored on the versions the importer publishes (in the site's language).
FIRST_IMPORT_SUMMARY = gettext_lazy("首次导入")
REIMPORT_SUMMARY = gettext_lazy("重新导入：内容已更新")

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class DocumentResult:
    document: ParsedDocument
    number: str
    action: str
    page_id: int | None = None


@dataclass
class FileResult:
    parsed: ParsedFile
    documents: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for result in self.documents if result.action == action)


def body_key(stream):
    """Comparable form of a body (block types and values, without block ids)."""
    fields = {"chapter": ("title",), "article": ("text",), "item": ("title", "text"), "paragraph": ("text",)}
    key = []
    for block_type, value in stream:
        value = value or {}
        key.append((block_type, tuple(str(value.get(name, "") or "") for name in fields.get(block_type, ()))))
    return key


def _page_body_key(page):
    return body_key((child.block_type, child.block.get_prep_value(child.value)) for child in page.body)


def _stored(text):
    """A string to store in the database, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _next_label(label):
    """"A/0" → "A/1"; labels of another form are kept."""
    match = re.fullmatch(r"(.*/)(\d+)", label or "")
    return f"{match.group(1)}{int(match.group(2)) + 1}" if match else label


def last_imported(page):
    """The page as the importer last published it (or the latest revision
    when no imported version is live yet)."""
    summaries = {_stored(FIRST_IMPORT_SUMMARY), _stored(REIMPORT_SUMMARY)}
    version = page.versions.filter(change_summary__in=summaries).order_by("-number").first()
    if version is not None:
        return version.as_page()
    return page.get_latest_revision_as_object()


class Importer:
    """Creates, updates or leaves alone one PolicyPage per parsed document.

    Override :meth:`page_fields` to fill more fields on new pages."""

    def __init__(self, today=None, dry_run=False):
        self.today = today or datetime.date.today()
        self.dry_run = dry_run
        self._index = None
        self._categories = {}
        self._departments = None

    @property
    def index(self):
        if self._index is None:
            ensure_organisation()
            self._index = ensure_library()
        return self._index

    def import_file(self, parsed):
        result = FileResult(parsed)
        with transaction.atomic():
            for document in parsed.documents:
                result.documents.append(self.import_document(parsed, document))
        return result

    def import_document(self, parsed, document):
        number = document_number(parsed.key, document.position)
        page = PolicyPage.objects.filter(document_number=number).first()
        stream = document.stream()
        if page is None:
            if not self.dry_run:
                page = self._create(parsed, document, number, stream)
            return DocumentResult(document, number, CREATED, page.pk if page else None)
        previous = last_imported(page)
        if previous.title == document.title and _page_body_key(previous) == body_key(stream):
            return DocumentResult(document, number, UNCHANGED, page.pk)
        if not self.dry_run:
            page = PolicyPage.objects.get(pk=page.pk)
            page.title = document.title
            page.draft_title = document.title
            page.body = stream
            page.change_summary = _stored(REIMPORT_SUMMARY)
            page.version_label = _next_label(page.version_label)
            page.effective_date = document.effective_date or max(self.today, page.effective_date)
            page.save_revision().publish()
        return DocumentResult(document, number, UPDATED, page.pk)

    def page_fields(self, parsed, document):
        """Field values for a new page (besides title, number and body)."""
        text = document.plain_text()
        slug, name = guess_category(document.title, text)
        code = guess_department(document.title, text)
        return {
            "version_label": FIRST_VERSION_LABEL,
            "effective_date": document.effective_date or parsed.stated_date or DEFAULT_EFFECTIVE_DATE,
            "category": self.category(slug, name),
            "owner_department": self.department(code),
            "confidentiality": document.confidentiality,
            "change_summary": _stored(FIRST_IMPORT_SUMMARY),
        }

    def _create(self, parsed, document, number, stream):
        page = PolicyPage(
            title=document.title,
            slug=number.lower(),
            document_number=number,
            body=stream,
            live=False,
            **self.page_fields(parsed, document),
        )
        self.index.add_child(instance=page)
        page.save_revision().publish()
        return page

    def category(self, slug, name):
        if slug not in self._categories:
            name = _stored(name)
            category = (
                PolicyCategory.objects.filter(name=name).first()
                or PolicyCategory.objects.filter(slug=slug).first()
                or PolicyCategory.objects.create(name=name, slug=slug)
            )
            self._categories[slug] = category
        return self._categories[slug]

    def department(self, code):
        if code is None:
            return None
        if self._departments is None:
            self.index  # noqa: B018 - makes sure the departments exist
            self._departments = {d.code: d for d in Department.objects.all()}
        return self._departments.get(code)


def import_files(paths, today=None, dry_run=False):
    """Import files: parse all first (nothing is written if any is bad, see
    :class:`~policies.importing.parsing.ImportFilesError`), then import each
    in its own transaction."""
    importer = Importer(today=today, dry_run=dry_run)
    return [importer.import_file(parsed) for parsed in parse_files(paths)]
