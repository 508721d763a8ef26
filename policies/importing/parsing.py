"""The parser's entry points: one file, some text, or every file of an
import, checked before anything is written. Touches no database."""
import hashlib
import re
from pathlib import Path

from django.utils.translation import gettext as _

from .cleaning import clean_lines
from .metadata import find_confidentiality, find_date
from .parsed import ImportFileError, ParsedDocument, ParsedFile
from .reading import BOUNDARY, Line, normalise_newlines, read_lines
from .splitting import normalise_title, split_documents
from .structure import parse_body

DOCUMENT_NUMBER_PREFIX = "ZD"


def file_key(path):
    """The file's part of a document number: its leading digits
    ("003_d96f….txt" → "003"), else a short hash of its name."""
    stem = Path(path).stem
    match = re.match(r"\d+", stem)
    if match:
        return match.group()
    return hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6].upper()


def document_number(key, position):
    """Stable 文件编号 of the ``position``-th document of a file: re-importing
    the same file maps each document to the same page."""
    return f"{DOCUMENT_NUMBER_PREFIX}-{key}-{position:02d}"


def parse_file(path):
    """Read and parse one file; raise :class:`ImportFileError` if it cannot be
    imported. Touches no database."""
    path = Path(path)
    lines = read_lines(path)
    return parse_lines(path, lines)


def parse_text(text, name="text.txt"):
    """Parse text as if read from a file called ``name`` (for tests and tools)."""
    lines = [Line(number, content) for number, content in enumerate(normalise_newlines(text).split("\n"), 1)]
    return parse_lines(Path(name), lines)


def parse_lines(path, lines):
    unit = (lambda n: _("第 %(n)s 段") % {"n": n}) if path.suffix.lower() == ".docx" else None
    cleaned = clean_lines(lines)
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
    for raw in raw_documents:
        blocks, warnings = parse_body([line.text for line in raw.lines])
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
            warnings.insert(0, _("没有找到标题行，以文件名“%(name)s”作为标题。") % {"name": raw.title})
        if not structured and not warnings:
            warnings.append(_("没有找到章、条或编号事项，正文按段落导入。"))
        body_text = "\n".join(line.text for line in raw.lines)
        documents.append(
            ParsedDocument(
                title=raw.title,
                position=len(documents) + 1,
                first_line=raw.first_line,
                blocks=blocks,
                effective_date=(find_date(raw.fields.get("date", ""), anywhere=True) or find_date(body_text)),
                confidentiality=find_confidentiality(raw.title, body_text),
                warnings=warnings,
            )
        )
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


class ImportFilesError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def parse_files(paths):
    """Parse every file; raise one :class:`ImportFilesError` listing all the
    files that cannot be imported, or return the parsed files."""
    parsed, errors = [], []
    for path in paths:
        try:
            parsed.append(parse_file(path))
        except ImportFileError as error:
            errors.append(error)
    if errors:
        raise ImportFilesError(errors)
    return parsed
