"""The parser's entry points: one file, some text, or every file of an
import, checked before anything is written. Touches no database."""
import hashlib
import re
from pathlib import Path

from django.utils.translation import gettext as _

from .cleaning import clean_lines
from .metadata import (
    find_approvals,
    find_confidentiality,
    find_date,
    find_effective,
    find_scope_text,
    find_stated_number,
    find_version_label,
)
from .parsed import ImportFileError, ParsedDocument, ParsedFile
from .reading import BOUNDARY, Line, normalise_newlines, read_lines
from .splitting import SPLIT_MARK, mark_splits, normalise_title, split_documents
from .structure import parse_body
from .triage import Finding, is_traditional, triage


def file_key(path):
    """The file's part of a document number: its leading digits
    ("003_d96f….txt" → "003"), else a short hash of its name."""
    stem = Path(path).stem
    match = re.match(r"\d+", stem)
    if match:
        return match.group()
    return hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6].upper()


def parse_file(path, split_at=()):
    """Read and parse one file; raise :class:`ImportFileError` if it cannot be
    imported. Touches no database. ``split_at``: source line numbers where HR
    chose to split a document (each such line starts a new document and is
    its title)."""
    path = Path(path)
    lines = read_lines(path)
    return parse_lines(path, lines, split_at)


def parse_text(text, name="text.txt", split_at=()):
    """Parse text as if read from a file called ``name`` (for tests and tools)."""
    lines = [Line(number, content) for number, content in enumerate(normalise_newlines(text).split("\n"), 1)]
    return parse_lines(Path(name), lines, split_at)


def parse_lines(path, lines, split_at=()):
    unit = (lambda n: _("第 %(n)s 段") % {"n": n}) if path.suffix.lower() == ".docx" else None
    cleaned = clean_lines(lines)
    if split_at:
        cleaned.lines = mark_splits(cleaned.lines, set(split_at))
    content = [line for line in cleaned.lines if line is not BOUNDARY]
    last_line = max((line.number for line in lines if line.text.strip()), default=1)
    if not content:
        raise ImportFileError(
            path,
            _("去掉网页杂项后没有剩下任何正文（第 1–%(last)s 行都是空行或网页杂项）。") % {"last": last_line},
            line=1,
            unit=unit(1) if unit else None,
        )
    raw_documents = split_documents(cleaned.lines, cleaned.page_title)
    documents = []
    file_warnings = []
    previous_title = ""
    for raw in raw_documents:
        split_off = raw.raw_title == SPLIT_MARK
        if split_off:  # HR split here at a line that is not a heading: a title for HR to change
            raw.title = raw.raw_title = _("%(title)s（续）") % {"title": previous_title or normalise_title(path.stem)}
        previous_title = raw.title or previous_title
        blocks, structure_warnings = parse_body([line.text for line in raw.lines], [line.number for line in raw.lines])
        warnings = [Finding("order", warning, line or raw.first_line) for warning, line in structure_warnings]
        structured = any(block.kind != "paragraph" for block in blocks)
        if not blocks:
            continue
        if not raw.title:
            if not structured:
                file_warnings.append(
                    _("第 %(first)s–%(last)s 行不属于任何有标题的制度，没有导入：%(text)s")
                    % {"first": raw.lines[0].number, "last": raw.lines[-1].number,
                       "text": raw.lines[0].text[:30]}
                )
                continue
            raw.title = normalise_title(path.stem) or path.stem
            warnings.insert(0, Finding(
                "untitled", _("没有找到标题行，以文件名“%(name)s”作为标题。") % {"name": raw.title}, raw.first_line
            ))
        if split_off:
            warnings.insert(0, Finding("untitled", _(
                "从这一行拆分出的一篇原文没有标题行，暂以“%(title)s”为标题，请改成它自己的标题。"
            ) % {"title": raw.title}, raw.first_line))
        documents.append(make_document(raw, blocks, warnings, position=len(documents) + 1))
    if not documents:
        first = content[0].number
        raise ImportFileError(
            path,
            _("第 %(first)s–%(last)s 行中找不到任何制度文件：没有标题行（如“××管理制度”“××办法”），"
              "也没有“第一章”“第一条”“一、”之类的结构。")
            % {"first": first, "last": last_line},
            line=first,
            unit=unit(first) if unit else None,
        )
    return ParsedFile(
        path=path, key=file_key(path), documents=documents, stated_date=cleaned.stated_date,
        warnings=file_warnings,
    )


def make_document(raw, blocks, warnings, position):
    """A ParsedDocument with what the text states about itself and the
    triage findings (see :mod:`.triage`)."""
    body_text = "\n".join(line.text for line in raw.lines)
    effective, effective_note = find_effective(body_text)
    if effective is None and raw.fields.get("date"):
        effective = find_date(raw.fields["date"], anywhere=True)
        effective_note = raw.fields["date"] if effective else effective_note
    document = ParsedDocument(
        title=raw.title,
        position=position,
        first_line=raw.first_line,
        blocks=blocks,
        effective_date=effective,
        effective_note=effective_note,
        confidentiality=find_confidentiality(raw.title, body_text),
        raw_title=raw.raw_title or raw.title,
        lines=list(raw.lines),
        stated_number=raw.fields.get("number", "") or find_stated_number(body_text),
        version_label=find_version_label(body_text),
        approvals=find_approvals(body_text),
        scope_text=find_scope_text(body_text),
        traditional=is_traditional(raw.title + body_text),
    )
    document.warnings = list(warnings)
    document.warnings += triage(document, raw.lines)
    return document


class ImportFilesError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def parse_files(paths, splits=None):
    """Parse every file; raise one :class:`ImportFilesError` listing all the
    files that cannot be imported, or return the parsed files. ``splits``:
    ``{path: line numbers}`` where HR split a document (see :func:`parse_file`)."""
    parsed, errors = [], []
    for path in paths:
        try:
            parsed.append(parse_file(path, (splits or {}).get(path, ())))
        except ImportFileError as error:
            errors.append(error)
    if errors:
        raise ImportFilesError(errors)
    return parsed
