"""Splitting a file into documents: at title lines (…制度, …办法, …规定 …),
at titles glued to the start of a line after an ad block, and inside
"(通用N篇)" compilations; a repeated title before the body is dropped."""
import re
from dataclasses import dataclass, field

from ..numbering import chinese_numeral
from .metadata import find_date
from .reading import BOUNDARY, Line
from .text import PUNCTUATION, TITLE_SUFFIX, starts_with_marker

FIELD_LABELS = {"文件名称": "title", "文件編號": "number", "文件编号": "number", "生效日期": "date"}
FORM_LABELS = ("文件制修订记录", "文件制修訂記錄")
COMPILATION = re.compile(r"[(（]通用\s*(\d+)\s*篇[)）]")
PART_MARKER = re.compile(r"【篇([一二三四五六七八九十]+)\s*[:：]\s*([^】]{1,40})】")


@dataclass
class RawDocument:
    title: str
    raw_title: str
    first_line: int
    lines: list = field(default_factory=list)
    after_boundary: bool = False
    fields: dict = field(default_factory=dict)
    variants: set = field(default_factory=set)
    merged: bool = False


def normalise_title(text):
    """The title without the site's decorations: (通用5篇), 50句菁华, (扩展1),
    范文, 模板, a leading dash."""
    title = text.strip()
    title = re.sub(r"^[—\-–]+", "", title)
    title = COMPILATION.sub("", title)
    title = re.sub(r"[(（]扩展\s*\d+[)）]", "", title)
    title = re.sub(r"\s*\d+\s*句菁华", "", title)
    title = re.sub(r"(?:范文|範文|模板)$", "", title.strip())
    title = title.replace("_", "")
    title = re.sub(r"\s+", "", title).strip()
    half = len(title) // 2
    if len(title) % 2 == 0 and title[:half] == title[half:]:
        title = title[:half]  # "业务部管理制度业务部管理制度": pasted twice
    return title


SPLIT_MARK = "\x00split"  # the title of a document HR split off at a line that is not a heading
SPLIT_TITLE_MAX = 40


def can_head_a_split(text):
    """Whether a line HR splits at can be the new document's title: short,
    and not a sentence (a heading, a chapter line, a title)."""
    title = normalise_title(text)
    return 2 <= len(title) <= SPLIT_TITLE_MAX and not re.search(r"[，。；;,!?！？]", title)


def mark_splits(lines, split_at):
    """HR's splits (source line numbers) onto cleaned lines: a heading line
    becomes a title; before any other line a title is put that the parser
    replaces (:data:`SPLIT_MARK`), the line staying in the body."""
    out = []
    for line in lines:
        if line is not BOUNDARY and line.number in split_at:
            if can_head_a_split(line.text):
                line = Line(line.number, line.text, True)
            else:
                out.append(Line(line.number, SPLIT_MARK, True))
        out.append(line)
    return out


def is_title_line(text):
    """A line that is nothing but a document title (…制度, …办法, …)."""
    title = normalise_title(text)
    if not 4 <= len(title) <= 40:
        return False
    if re.search(r"[，。；;：:,!?！？、“”\"]", title) or starts_with_marker(title):
        return False
    return bool(re.search(TITLE_SUFFIX + "$", title))


def inline_title(text):
    """A title glued to the start of a line ("客户培训日常管理制度一、总则…"),
    or None."""
    match = re.match(rf"([^{re.escape(PUNCTUATION)}\s]{{2,40}}?{TITLE_SUFFIX})", text)
    if not match or starts_with_marker(text) or text.startswith(("本", "该", "此")):
        return None
    title = match.group(1)
    return title if len(normalise_title(title)) >= 4 else None


def split_documents(lines, page_title=""):
    """Cut cleaned lines into raw documents (title + body lines)."""
    documents = []
    current = None
    after_boundary = False
    previous_text = ""
    for line in lines:
        if line is BOUNDARY:
            after_boundary = True
            continue
        text = line.text
        field_value = previous_text in FIELD_LABELS
        previous_text = text
        subtitle = (
            current is not None and not current.lines and text.startswith("——")
            and 4 <= len(normalise_title(text)) <= 40
        )
        if not field_value and (line.forced_title or subtitle or is_title_line(text)):
            current = RawDocument(normalise_title(text), text, line.number)
            documents.append(current)
            after_boundary = False
            continue
        if current is None or after_boundary:
            title = inline_title(text)
            current = RawDocument(
                normalise_title(title) if title else "",
                title or "",
                line.number,
                after_boundary=after_boundary and not title,
            )
            documents.append(current)
            after_boundary = False
        current.lines.append(line)

    for document in documents:
        _take_form_fields(document)
    documents = _resolve_untitled(documents, page_title)
    result = []
    for document in documents:
        result.extend(_split_compilation(document))
    for document in result:
        _strip_repeated_title(document)
        _drop_repeated_lines(document)
    return [document for document in result if document.lines]


def _take_form_fields(document):
    """文件名称 / 文件编号 / 生效日期 are a form's header cells: take their
    values and keep them out of the body."""
    lines, kept, i = document.lines, [], 0
    while i < len(lines):
        text = lines[i].text
        label = next((label for label in FORM_LABELS if text.startswith(label)), None)
        if label:
            text = text[len(label):].strip()
            if not text:
                i += 1
                continue
            lines[i] = Line(lines[i].number, text, lines[i].forced_title)
        kind = FIELD_LABELS.get(text.rstrip(":："))
        if kind:
            value = lines[i + 1].text if i + 1 < len(lines) else ""
            takes_value = {
                "title": is_title_line(value),
                "number": bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{1,40}", value)),
                "date": bool(find_date(value, anywhere=True)),
            }[kind]
            if takes_value:
                document.fields.setdefault(kind, value)
                i += 2
            else:
                i += 1
            continue
        kept.append(lines[i])
        i += 1
    document.lines = kept


def _resolve_untitled(documents, page_title):
    """A document without a title line takes the form's 文件名称; a part cut
    off by an ad block is put back with the document it belongs to."""
    out = []
    for document in documents:
        if not document.title and "title" in document.fields:
            document.title = normalise_title(document.fields["title"])
            document.raw_title = document.fields["title"]
        if document.after_boundary:
            owner = None
            if document.title:
                owner = next(
                    (d for d in out if d.title == document.title and "title" in d.fields), None
                )
            elif out:
                owner = out[-1]
            if owner is not None:
                owner.lines.extend(document.lines)
                owner.merged = True
                continue
        if not document.title and not out and page_title and is_title_line(page_title):
            document.title = normalise_title(page_title)
            document.raw_title = page_title
        out.append(document)
    return out


def _split_compilation(document):
    """"培训管理制度(通用5篇)": the parts are introduced by 培训管理制度1,
    培训管理制度2 … and become documents of their own."""
    if not COMPILATION.search(document.raw_title):
        return [document]
    base = document.title
    text = "\n".join(line.text for line in document.lines)
    starts = []
    position = 0
    for number in range(1, 100):
        found = re.compile(re.escape(base) + str(number) + r"(?!\d)").search(text, position)
        if not found:
            break
        starts.append((found.start(), found.end(), number))
        position = found.end()
    if not starts:
        return [document]
    parts = []
    first = document.lines[0].number if document.lines else document.first_line
    for index, (start, end, number) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        body = text[end:stop]
        if index == 0 and text[:start].strip():
            body = text[:start] + "\n" + body  # keep anything before part 1
        title = f"{base}（{chinese_numeral(number)}）"
        part = RawDocument(title, title, first, fields=dict(document.fields))
        part.lines = [Line(first, piece) for piece in body.split("\n") if piece.strip()]
        part.variants = {document.raw_title, base, base + str(number)}
        parts.append(part)
    return parts


def _strip_repeated_title(document):
    """The pages often repeat the title at the start of the body, sometimes
    twice and in slightly different forms ("售后培训管理制度范文售后培训管理制度
    第一章…"); drop those repetitions."""
    variants = {document.raw_title, document.title} | document.variants
    variants = sorted((v for v in variants if v), key=len, reverse=True)
    while document.lines:
        first = document.lines[0]
        text = first.text
        changed = True
        while changed and text:
            changed = False
            for variant in variants:
                if text.startswith(variant) and _title_ends_at(text, len(variant)):
                    text = text[len(variant):].lstrip(" :：")
                    changed = True
            part = PART_MARKER.match(text)
            if part:
                variants = sorted(set(variants) | {part.group(2)}, key=len, reverse=True)
                text = text[part.end():].lstrip()
                changed = True
            for label in FORM_LABELS:
                if text.startswith(label):
                    text = text[len(label):].lstrip()
                    changed = True
            glued = inline_title(text)
            if glued and _same_document(glued, document.title) and _title_ends_at(text, len(glued)):
                text = text[len(glued):].lstrip(" :：")
                changed = True
        if text:
            document.lines[0] = Line(first.number, text, first.forced_title)
            break
        document.lines.pop(0)


def _title_ends_at(text, end):
    """Whether a title at the start of ``text`` really ends at ``end``, and is
    not the subject of a sentence ("业务部管理制度是…")."""
    return end >= len(text) or text[end] not in "的是由应为在和与及之将已，,。、"


def _same_document(glued, title):
    glued, title = normalise_title(glued), normalise_title(title)
    return bool(glued) and (title.endswith(glued) or glued.endswith(title) or glued in title)


def _drop_repeated_lines(document):
    """Pasted pages repeat blocks of lines (a form header, a paragraph): keep
    the first copy. Short lines are only deduplicated in documents put back
    together from parts, where such repeats are certain."""
    seen, kept = set(), []
    for line in document.lines:
        key = line.text
        if key in seen and (len(key) >= 12 or document.merged):
            continue
        seen.add(key)
        kept.append(line)
    document.lines = kept
