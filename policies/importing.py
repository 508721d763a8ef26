"""Importing regulation documents (制度) from pasted web text and Word files.

Two halves, used by ``manage.py import_policies``:

* **The parser** (pure, no database): :func:`parse_file` reads one ``.txt``
  (UTF-8) or ``.docx`` file and returns a :class:`ParsedFile` holding the
  documents found in it, each with a title and a body of blocks for
  :class:`policies.blocks.PolicyBodyBlock`. It

  1. drops web-page furniture (上传人, 第1页, 下载, 温馨提示, ads, stock
     sentences such as "希望对大家有所帮助") line by line, and re-joins the
     page chunks some sites cut a text into;
  2. splits the file into documents at title lines (…制度, …办法, …规定 …),
     at titles glued to the start of a line after an ad block, and inside
     "(通用N篇)" compilations; a repeated title before the body is dropped;
  3. finds the structure of each document: chapters 第X章, articles 第X条,
     numbered items 一、/1. (with a short title when there is one) and, inside
     their text, numbered clauses (一)/1./(1)/a) each on its own line. The
     source's own numbers of chapters, articles and items are removed: the
     page generates them. Numbers are checked on the way: a gap or a restart
     becomes a warning on the document.

* **The importer**: :func:`import_files` creates one ``PolicyPage`` per
  document under the policy library and publishes it, or publishes a new
  version when the text changed since the last import, or leaves it alone.
  All files are parsed (validated) before anything is written: one bad file
  means nothing is imported. Each file is then imported in its own
  transaction.

Override points: :data:`CATEGORY_RULES` and :data:`DEPARTMENT_RULES` (keyword
guesses), :func:`document_number` (numbering scheme).
"""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.demo import ensure_organisation

from .library import ensure_library
from .numbering import chinese_numeral
from .segment import to_simplified

SUPPORTED_EXTENSIONS = (".txt", ".docx")

# Used when neither the document nor its file states a date. Fixed (not
# today) so that importing the same file twice gives the same page.
DEFAULT_EFFECTIVE_DATE = datetime.date(2025, 1, 1)
FIRST_VERSION_LABEL = "A/0"
DOCUMENT_NUMBER_PREFIX = "ZD"

# Stored on the versions the importer publishes (in the site's language).
FIRST_IMPORT_SUMMARY = gettext_lazy("首次导入")
REIMPORT_SUMMARY = gettext_lazy("重新导入：内容已更新")

CJK = "\u4e00-\u9fff"
CN_DIGITS = "一二三四五六七八九十百零〇两"
SENTENCE_END = "。；;！？!?"
PUNCTUATION = "，。；;：:,!?！？、“”\"'《》"
TITLE_SUFFIX = r"(?:[及和与]流程|制度|办法|規定|规定|細則|细则|规程|規程|规则|規則|条例|條例|方案|计划|計劃|守则|守則|章程|职责|職責|须知|須知|策略|准则|準則|规范|規範)"


class ImportFileError(Exception):
    """A file that cannot be imported. ``line`` is 1-based (a paragraph
    number for Word files) or None when the problem is the whole file."""

    def __init__(self, path, message, line=None, unit=None):
        self.path = Path(path)
        self.line = line
        self.message = message
        self.unit = unit
        super().__init__(str(self))

    def __str__(self):
        name = self.path.name
        if self.line is None:
            return _("%(file)s：%(message)s") % {"file": name, "message": self.message}
        where = self.unit or (_("第 %(line)s 行") % {"line": self.line})
        return _("%(file)s %(where)s：%(message)s") % {
            "file": name, "where": where, "message": self.message,
        }


# ---------------------------------------------------------------------------
# Parsed results
# ---------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # chapter | article | item | paragraph
    title: str = ""
    text: str = ""

    def value(self):
        if self.kind == "chapter":
            return {"title": self.title}
        if self.kind == "item":
            return {"title": self.title, "text": self.text}
        return {"text": self.text}


@dataclass
class ParsedDocument:
    title: str
    position: int  # 1-based, in its file
    first_line: int
    blocks: list
    effective_date: datetime.date | None = None  # stated in the document
    confidentiality: int = 0
    warnings: list = field(default_factory=list)

    def stream(self):
        """The body as a StreamField value: [(block type, value), …]."""
        return [(block.kind, block.value()) for block in self.blocks]

    def count(self, kind):
        return sum(1 for block in self.blocks if block.kind == kind)

    def plain_text(self):
        parts = []
        for block in self.blocks:
            parts.extend(part for part in (block.title, block.text) if part)
        return "\n".join(parts)


@dataclass
class ParsedFile:
    path: Path
    key: str
    documents: list
    stated_date: datetime.date | None = None
    warnings: list = field(default_factory=list)  # about the file, not one document


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


@dataclass
class Line:
    number: int
    text: str
    forced_title: bool = False  # a Word paragraph styled as a title/heading


BOUNDARY = Line(0, "\x00boundary")  # where an ad block cut the text


def read_lines(path):
    """The text lines of a .txt or .docx file, refusing what is not one."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        hint = _("（旧版 Word 文件请另存为 .docx）") if suffix == ".doc" else ""
        raise ImportFileError(
            path,
            _("不支持的文件类型“%(ext)s”，只能导入 .txt（UTF-8 文本）和 .docx 文件%(hint)s。")
            % {"ext": suffix or _("无扩展名"), "hint": hint},
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, _("无法读取文件（%(error)s）。") % {"error": error.strerror or error})
    if not data.strip():
        raise ImportFileError(path, _("文件是空的，没有任何内容。"), line=1)
    if suffix == ".docx":
        return _docx_lines(path, data)
    return [Line(number, text) for number, text in enumerate(decode_text(path, data).split("\n"), 1)]


def decode_text(path, data):
    """Decode a text file as UTF-8 (with or without BOM; UTF-16 with BOM is
    accepted too). Anything else is refused, naming the byte offset and line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = _("文件看起来是 GBK/GB18030 编码，请用记事本“另存为”UTF-8 后再导入。")
        except UnicodeDecodeError:
            pass
        raise ImportFileError(
            path,
            _("不是有效的 UTF-8 文本（第 %(offset)s 字节处的字节 0x%(byte)02X 无法解码）。%(hint)s")
            % {"offset": error.start, "byte": data[error.start], "hint": hint},
            line=line,
        )
    text = _normalise_newlines(text)
    for number, content in enumerate(text.split("\n"), 1):
        bad = re.search(r"[\x00-\x08\x0b\x0e-\x1f]", content)
        if bad:
            raise ImportFileError(
                path,
                _("含有控制字符 U+%(code)04X，不是纯文本文件。") % {"code": ord(bad.group())},
                line=number,
            )
    return text


def _normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_lines(path, data):
    import io

    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a bad package
        raise ImportFileError(
            path, _("不是有效的 Word（.docx）文件（%(error)s）。") % {"error": error}
        )
    lines = []

    def add(text, title=False):
        for part in _normalise_newlines(text).split("\n"):
            lines.append(Line(len(lines) + 1, part, forced_title=title and bool(part.strip())))

    for content in document.iter_inner_content():
        if isinstance(content, Table):
            for row in content.rows:
                seen = []
                for cell in row.cells:  # merged cells repeat: keep each once
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        add(cell.text)
        else:
            style = (content.style.name if content.style is not None else "") or ""
            add(content.text, title=style.startswith(("Title", "Heading 1", "标题 1", "标题1")))
    return lines


# ---------------------------------------------------------------------------
# Cleaning: web-page furniture out, page chunks joined
# ---------------------------------------------------------------------------

# Whole lines that are page furniture (matched on the Simplified form, so
# that Traditional pages such as 下載本文檔 match too).
CLUTTER_LINES = [
    re.compile(pattern)
    for pattern in (
        r"上传人\s*[:：].*",
        r"返回\s*下载.*",
        r".{1,80}_第\s*\d+\s*页",
        r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页",
        r"点击查看更多.*",
        r"资源描述",
        r"《.*》由会员分享.*",
        r"展开阅读全文",
        r"相关资源",
        r"正为您匹配相似的精品文档",
        r"相关搜索",
        r"最新文档",
        r"当前位置\s*[:：].*",
        r"电脑版\s*[|｜].*",
        r"经营许可证\s*[:：].*",
        r"已阅读\s*\d+\s*页.*",
        r"付费下载",
        r"下载本文档",
        r"版权说明\s*[:：].*",
        r"文档简介",
        r"温馨提示",
        r"评论",
        r"\d+\s*/\s*\d+",
        r"提交评论",
        r"[•·▪●\-]?\s*\d+\s*[.、．]\s*(?:本站|下载文件中|未经权益所有人|人人文库).*",
        r"位置\s*[>＞].*",
        r"日期\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}.*",
        r".{0,40}扩展阅读",
        r"相关内容",
        r"相关词条",
        r"热门标签",
        r"全站热门",
        r"当前热门",
        r"标签索引",
        r"精美图文推荐",
        r"上一篇\s*下一篇",
        r"返回首页",
        r"注\s*[:：]\s*本(?:模板|范文).*",
        r".{0,12}图片链接[)）]?[。.]?",
    )
]
# The download site's notice block. It also marks where the page cut the
# text: what follows is another document (or another part of one).
AD_LINE = re.compile(
    r"[-•·]?\s*\d\s*[、.]\s*(?:下载文档前请自行甄别|[\"“]?仅部分预览[\"”]?的文档|如文档侵犯您的权益).*"
)
# Stock sentences of essay sites, dropped wherever they occur.
BOILERPLATE_SENTENCES = [
    re.compile(pattern)
    for pattern in (
        r"小编",
        r"希望对(?:您|你|大家)?有所帮助",
        r"以上(?:为|是|就是).{0,60}范文",
        r"制度在生活中的使用越来越广泛",
        r"制度是指一定的规格或法令礼俗",
        r"你所接触过的制度都是什么样子的",
        r"欢迎大家借鉴与参考",
    )
]
PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
WATERMARK = re.compile(r"\[[^\[\]\n]{1,20}?网\]")
PAGE_TITLE = re.compile(r"(.{1,80})_第\s*\d+\s*[页頁]")
STATED_DATE = re.compile(r"(?:上传时间|上傳時間|日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
PAGE_CHUNK = re.compile(r"(\d{1,3})、")


@dataclass
class CleanResult:
    lines: list
    stated_date: datetime.date | None = None
    page_title: str = ""


def clean_lines(lines):
    """Drop furniture and stock sentences, join page chunks; return the lines
    that are left (ad blocks become one BOUNDARY) and what the furniture told."""
    result = CleanResult(lines=[])
    kept = []
    for line in lines:
        text = _normalise_line(line.text)
        if not text:
            kept.append(Line(line.number, ""))  # blank lines matter for page chunks
            continue
        simple = to_simplified(text)
        if not result.stated_date:
            found = STATED_DATE.search(simple)
            if found:
                result.stated_date = _safe_date(*map(int, found.groups()))
        if AD_LINE.fullmatch(simple):
            if not kept or kept[-1] is not BOUNDARY:
                kept.append(BOUNDARY)
            continue
        if any(pattern.fullmatch(simple) for pattern in CLUTTER_LINES):
            page = PAGE_TITLE.fullmatch(text)
            if page and not result.page_title:
                result.page_title = page.group(1).strip()
            continue
        text = _drop_boilerplate(text)
        if text:
            kept.append(Line(line.number, text, line.forced_title))
    kept = _join_page_chunks(kept)
    result.lines = [
        Line(line.number, _squeeze_cjk_spaces(line.text), line.forced_title)
        if line is not BOUNDARY else line
        for line in kept
        if line is BOUNDARY or line.text
    ]
    return result


def _normalise_line(text):
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    text = re.sub("[\ufeff\u200b\u200c\u200d]", "", text)
    text = PINYIN.sub("", text)  # 規(guī)范 → 規范 (a Traditional site's reading aids)
    text = WATERMARK.sub("", text)  # "打断客户[t262阅读网]与他人的谈话"
    text = text.strip()
    text = re.sub(rf"^PAGE(?=[{CJK}])", "", text)  # a Word field code left in the text
    return text.strip()


def _drop_boilerplate(text):
    # Split at sentence ends, and before the usual openers of stock sentences,
    # which are often glued to the last article ("…归公司所有以上为…范文").
    sentences = re.split(r"(?<=[。！？!?])|(?=以上(?:为|是|就是))|(?=以下是)|(?=在现在社会)", text)
    kept = [
        sentence for sentence in sentences
        if not any(pattern.search(to_simplified(sentence)) for pattern in BOILERPLATE_SENTENCES)
    ]
    return "".join(kept).strip()


CJK_SPACE = re.compile(rf"(?<=[{CJK}，。、；：])[ \t]+(?=[{CJK}，。、；：])")


def _squeeze_cjk_spaces(text):
    """"客户管 理" → "客户管理": spaces between Chinese characters left over
    from a PDF's line wrapping. Only in lines that have several of them: a
    single one may be a blank to fill in ("入库金额在 元以内")."""
    return CJK_SPACE.sub("", text) if len(CJK_SPACE.findall(text)) >= 3 else text


def _join_page_chunks(lines):
    """Some sites cut a text into numbered page chunks ("1、…", "2、…", each a
    long paragraph, often breaking mid-word). A run of at least three such
    chunks numbered 1, 2, 3 … is joined back into one line."""
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = PAGE_CHUNK.match(line.text) if line is not BOUNDARY else None
        if match and match.group(1) == "1" and len(line.text) >= 150:
            run, j, expected = [line], i + 1, 2
            while j < len(lines):
                candidate = lines[j]
                if candidate is not BOUNDARY and not candidate.text:
                    j += 1
                    continue
                follow = PAGE_CHUNK.match(candidate.text) if candidate is not BOUNDARY else None
                if not follow or int(follow.group(1)) != expected:
                    break
                run.append(candidate)
                expected += 1
                j += 1
            long_chunks = sum(1 for chunk in run if len(chunk.text) >= 150)
            if len(run) >= 3 and long_chunks * 3 >= len(run) * 2:
                joined = "".join(PAGE_CHUNK.sub("", chunk.text, count=1) for chunk in run)
                out.append(Line(line.number, joined))
                i = j
                continue
        out.append(line)
        i += 1
    return out


# ---------------------------------------------------------------------------
# Splitting a file into documents
# ---------------------------------------------------------------------------

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


def is_title_line(text):
    """A line that is nothing but a document title (…制度, …办法, …)."""
    title = normalise_title(text)
    if not 4 <= len(title) <= 40:
        return False
    if re.search(r"[，。；;：:,!?！？、“”\"]", title) or _starts_with_marker(title):
        return False
    return bool(re.search(TITLE_SUFFIX + "$", title))


def inline_title(text):
    """A title glued to the start of a line ("客户培训日常管理制度一、总则…"),
    or None."""
    match = re.match(rf"([^{re.escape(PUNCTUATION)}\s]{{2,40}}?{TITLE_SUFFIX})", text)
    if not match or _starts_with_marker(text) or text.startswith(("本", "该", "此")):
        return None
    title = match.group(1)
    return title if len(normalise_title(title)) >= 4 else None


def _starts_with_marker(text):
    return bool(
        re.match(
            rf"(?:第\s*[{CN_DIGITS}\d]+\s*[章条條]|[{CN_DIGITS}]+\s*、|[（(][{CN_DIGITS}\d]+[)）]"
            r"|\d+(?:\.\d+)*\s*[、.．)）]|[A-Za-z][)）、]|[①-⑳•·\-–])",
            text,
        )
    )


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


# ---------------------------------------------------------------------------
# Structure: chapters, articles, items, clauses
# ---------------------------------------------------------------------------


def parse_number(text):
    """"十二" → 12, "二一" → 21 (a typing slip for 二十一), "12" → 12."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    digits = "零一二三四五六七八九"
    text = text.replace("〇", "零").replace("两", "二")
    if len(text) > 1 and all(ch in digits for ch in text):
        return int("".join(str(digits.index(ch)) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits.index(ch)
        elif ch in "千百十":
            total += (current or 1) * {"千": 1000, "百": 100, "十": 10}[ch]
            current = 0
        else:
            raise ValueError(text)
    return total + current


@dataclass
class Marker:
    start: int
    end: int
    style: str
    number: int


RE_CHAPTER = re.compile(rf"第\s*([{CN_DIGITS}]{{1,4}}|\d{{1,3}})\s*章")
RE_ARTICLE = re.compile(rf"第\s*([{CN_DIGITS}]{{1,5}}|\d{{1,3}})\s*[条條]")
RE_CN = re.compile(r"([一二三四五六七八九十]{1,3})\s*、")
RE_AR = re.compile(r"(?<!\d)(?<!\d[.．])(\d{1,2})(?:\.0(?=\s*[^\d.．\s%])|\s*、|[.．](?=\s*[^\d.．\s%]))")

CLAUSE_PATTERNS = [
    ("pcn", re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]")),
    ("par", re.compile(r"[（(](\d{1,2})[)）]")),
    ("dec", re.compile(rf"(?<!\d)(?<!\d[.．])(\d{{1,2}}[.．][1-9]\d?(?:[.．]\d{{1,2}})?)(?=\s*[{CJK}A-Za-z“《])")),
    ("rpar", re.compile(r"(?<![\d（(])(\d{1,2})[)）]、?")),
    ("let", re.compile(rf"(?<![A-Za-z])([A-Ha-h])(?:[)）]|、)(?=\s*[{CJK}])")),
    ("circ", re.compile(r"([①-⑳])")),
    ("bullet", re.compile(rf"([•▪●◆])|(?<![\d\-])(-)\s(?=\s*[{CJK}])|(?<![\d])(–)(?=[{CJK}])")),
    ("cn", RE_CN),
    ("ar", RE_AR),
]
REFERENCE_BEFORE = "按依照见據据本和及与與、至或第于於"
# Short headings that are glued to the text after them ("一、目的加强客户管理…").
HEADING_WORDS = sorted(
    {
        "目的", "适用范围", "编制依据", "职责分工", "管理内容", "总则", "附则", "前言", "引言",
        "绪论", "背景", "背景概述", "方案背景", "背景与目标", "管理目标", "指导思想", "总结",
        "适用对象", "基本原则",
    },
    key=len,
    reverse=True,
)
TITLE_WORDS = (
    "条例", "制度", "职责", "原则", "管理", "规定", "要求", "流程", "程序", "办法", "措施",
    "标准", "计划", "内容", "考核", "奖惩", "纪律", "总则", "附则", "目的", "范围", "依据",
    "机构", "架构", "分工", "培训", "评估", "控制",
)


def parse_body(lines):
    """Blocks and warnings for the body lines of one document."""
    text = "\n".join(_join_table_cells(lines))
    toc = _toc_spans(text)
    markers, warnings = _structure_markers(text, toc)
    blocks = []
    if not markers:
        blocks.extend(_paragraphs(text))
        return _tidy(blocks), warnings

    blocks.extend(_paragraphs(text[: markers[0].start]))
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start if index + 1 < len(markers) else len(text)
        segment = text[marker.end:stop].strip()
        last = index + 1 == len(markers)
        if marker.style == "chapter":
            title, rest = _chapter_title(segment)
            blocks.append(Block("chapter", title=title))
            blocks.extend(_paragraphs(rest))
        elif marker.style == "article":
            article, trailing = segment, ""
            if last:
                article, trailing = _split_trailing(segment)
            blocks.append(Block("article", text=_article_text(article)))
            blocks.extend(_paragraphs(trailing))
        else:  # item
            title, body = _item_title(segment)
            blocks.append(Block("item", title=title, text=split_clauses(body)))
    return _tidy(blocks), warnings


def _join_table_cells(lines):
    """A form's table pasted as text comes one cell per line ("培训计划表",
    "序号", "受训内容" …): a run of three or more such short lines is put
    back on one line, cells separated by " | "."""
    out, run = [], []

    def flush():
        if len(run) >= 3:
            out.append(" | ".join(run))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        cell = line.strip()
        if cell and len(cell) <= 20 and not re.search(r"[，。；;,!?！？]", cell) \
                and not _starts_with_marker(cell):
            run.append(cell)
        else:
            flush()
            out.append(line)
    flush()
    return out


def _toc_spans(text):
    """Lines that are a table of contents (many numbered headings, next to no
    text between them) are kept as a paragraph and not read as structure."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        heads = list(re.finditer(rf"[{CN_DIGITS}]{{1,3}}、|[（(][{CN_DIGITS}]{{1,3}}[)）]", line))
        if len(heads) >= 6:
            gaps = [heads[i + 1].start() - heads[i].end() for i in range(len(heads) - 1)]
            gaps.sort()
            if gaps[len(gaps) // 2] <= 10:
                spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _in_spans(position, spans):
    return any(start <= position < stop for start, stop in spans)


def _at_segment_start(text, position):
    before = text[:position].rstrip(" ")
    return not before or before[-1] in "\n" + SENTENCE_END + ":：" or (
        before[-1] in ".．" and len(before) > 1 and not before[-2].isdigit()
    )


def _sequence(candidates, text, label, warnings, restart_ok=False, always_first=False):
    """Keep the candidates that continue a numbering (1, 2, 3 …); accept a
    jump or a restart only where a new sentence or line begins."""
    accepted, last = [], 0
    for candidate in candidates:
        number = candidate.number
        prev = text[candidate.start - 1] if candidate.start else "\n"
        starts = _at_segment_start(text, candidate.start)
        if number == last + 1 and (starts or prev not in REFERENCE_BEFORE):
            pass
        elif number == 1 and last == 0 and always_first:
            pass
        elif number > last + 1 and starts and last > 0:
            warnings.append(
                _("%(kind)s编号不连续：第%(a)s之后是第%(b)s，可能漏掉了内容或拆分有误。")
                % {"kind": label, "a": chinese_numeral(last), "b": chinese_numeral(number)}
            )
        elif number > 1 and last == 0 and starts:
            warnings.append(
                _("%(kind)s编号不是从第一开始（从第%(b)s开始），原文可能不完整。")
                % {"kind": label, "b": chinese_numeral(number)}
            )
        elif number == 1 and last > 0 and restart_ok and starts:
            warnings.append(
                _("%(kind)s编号在第%(a)s之后重新从第一开始。") % {"kind": label, "a": chinese_numeral(last)}
            )
        else:
            if number == 1 and last > 1 and starts:
                warnings.append(
                    _("第%(a)s%(kind)s之后又出现第一%(kind)s，可能是两篇文件连在一起（缺少标题行），已作为正文保留。")
                    % {"kind": label, "a": chinese_numeral(last)}
                )
            continue
        accepted.append(candidate)
        last = number
    return accepted


def _find(pattern, text, style, spans):
    found = []
    for match in pattern.finditer(text):
        if _in_spans(match.start(), spans):
            continue
        try:
            number = parse_number(match.group(1))
        except ValueError:
            continue
        if number > 0:
            found.append(Marker(match.start(), match.end(), style, number))
    return found


def _structure_markers(text, toc):
    warnings = []
    chapters = _sequence(_find(RE_CHAPTER, text, "chapter", toc), text, _("章"), warnings, restart_ok=True)
    articles = _sequence(_find(RE_ARTICLE, text, "article", toc), text, _("条"), warnings)
    if articles:
        # "一、总则第一条…": a numbered heading right before an article is a chapter.
        if not chapters:
            for candidate in _find(RE_CN, text, "chapter", toc):
                following = next((a for a in articles if a.start >= candidate.end), None)
                if following is None:
                    continue
                between = text[candidate.end:following.start].strip()
                if len(between) <= 20 and not re.search(rf"[{re.escape(PUNCTUATION)}\n]", between):
                    chapters.append(candidate)
            chapters = _sequence(sorted(chapters, key=lambda m: m.start), text, _("章"), warnings)
        return sorted(chapters + articles, key=lambda m: m.start), warnings

    style = _item_style(text, toc)
    if style is None:
        return sorted(chapters, key=lambda m: m.start), warnings
    pattern = RE_CN if style == "cn" else RE_AR
    candidates = _find(pattern, text, "item", toc)
    items = []
    # Items restart after each chapter.
    bounds = [m.start for m in chapters] + [len(text) + 1]
    lower = 0
    before = len(warnings)
    for upper in bounds:
        group = [c for c in candidates if lower <= c.start < upper]
        items.extend(_sequence(group, text, _("编号事项"), warnings, restart_ok=True, always_first=bool(chapters)))
        lower = upper
    if len(warnings) > before:
        # Out-of-order numbers mean a cut or shuffled source: generated
        # numbers would hide that, so keep the source's own numbering.
        warnings.append(_("编号事项的编号不连续，已按原文编号作为段落导入，请人工核对原文。"))
        return sorted(chapters, key=lambda m: m.start), warnings
    return sorted(chapters + items, key=lambda m: m.start), warnings


def _item_style(text, toc):
    """Which numbering the top-level items use: 一、 when the text counts 一、
    二、 somewhere, else 1、/1./1.0 when a line starts with 1; else 一、 if a
    sentence starts with it."""
    cn = _find(RE_CN, text, "cn", toc)
    first = next((c for c in cn if c.number == 1), None)
    if first and any(c.number == 2 and c.start > first.start for c in cn):
        return "cn"
    for candidate in _find(RE_AR, text, "ar", toc):
        if candidate.number == 1 and _line_start(text, candidate.start):
            return "ar"
    if first and _at_segment_start(text, first.start):
        return "cn"
    return None


def _line_start(text, position):
    return not text[:position].strip(" ") or text[:position].rstrip(" ").endswith("\n")


def _chapter_title(segment):
    """Chapter titles are glued to what follows ("第二章培训的目的和原则第五条…",
    "第二章业务员管理条例业务员是公司的…")."""
    first_line, _sep, rest_lines = segment.partition("\n")
    if len(first_line) <= 30 and not re.search(rf"[{re.escape(PUNCTUATION)}]", first_line):
        return first_line, rest_lines
    heading, rest = _heading_before_clause(first_line)
    if not heading:
        heading = _heading_word(first_line)
        rest = first_line[len(heading):] if heading else first_line
    if not heading:
        best = 0
        for word in TITLE_WORDS:
            for found in re.finditer(word, to_simplified(first_line[:14])):
                if found.end() <= 14 and not re.search(rf"[{re.escape(PUNCTUATION)}]", first_line[: found.end()]):
                    best = max(best, found.end())
        if best >= 2:
            heading, rest = first_line[:best], first_line[best:]
    if not heading:
        match = re.match(rf"[^{re.escape(PUNCTUATION)}]{{1,30}}", first_line)
        heading = match.group() if match else first_line[:30]
        rest = first_line[len(heading):]
    rest = rest.lstrip(":： ")
    return heading.strip() or _("（无标题）"), "\n".join(part for part in (rest, rest_lines) if part.strip())


# A heading may contain 、 ("安装、维修手册的建立") but no other punctuation.
HEAD_BREAKS = re.compile(rf"[{re.escape(PUNCTUATION.replace('、', ''))}()（）\s]")


def _heading_before_clause(text):
    """"培训目标1.提高…" → ("培训目标", "1.提高…")."""
    found = []
    for style, pattern in CLAUSE_PATTERNS:
        match = pattern.search(text, 1)
        if match and match.start() <= 26:
            found.append((match.start(), style, match))
    if not found:
        return "", text
    start, style, match = min(found, key=lambda f: f[0])
    head = text[:start].strip()
    if 2 <= len(head) <= 25 and not HEAD_BREAKS.search(head) and _marker_number(style, match) == 1:
        return head, text[start:]
    return "", text


def _marker_number(style, match):
    value = next(group for group in match.groups() if group)
    if style in ("circ",):
        return ord(value) - ord("①") + 1
    if style == "bullet":
        return 1
    if style == "let":
        return ord(value.lower()) - ord("a") + 1
    if style == "dec":
        return 1 if re.fullmatch(r"\d+[.．]1", value) else 0
    try:
        return parse_number(value)
    except ValueError:
        return 0


def _heading_word(text):
    """A heading word glued to the text after it ("目的为规范…" → "目的");
    not when the start of the text is already a heading ending in a colon
    ("目的和要求：…")."""
    simple = to_simplified(text)
    if re.match(rf"[^{re.escape(PUNCTUATION)}]{{2,12}}[:：]", simple):
        return ""
    for word in HEADING_WORDS:
        if simple.startswith(word) and len(simple) > len(word):
            rest = simple[len(word):]
            if rest[0] not in "的和与及、下中内":
                return text[: len(word)]
    return ""


def _item_title(segment):
    """Split a numbered item into its short title (if any) and its text."""
    first_line, _sep, rest_lines = segment.partition("\n")
    heading, rest = _heading_before_clause(first_line)
    if not heading:
        colon = re.match(rf"([^{re.escape(PUNCTUATION)}\s]{{2,12}})[:：](.*)", first_line)
        if colon:
            heading, rest = colon.group(1), colon.group(2)
    if not heading:
        heading = _heading_word(first_line)
        rest = first_line[len(heading):] if heading else first_line
    if not heading and len(first_line) <= 25 and not re.search(r"[，。；;,!?！？]", first_line):
        heading, rest = first_line.rstrip(":："), ""
    if not heading:
        return "", segment
    body = "\n".join(part for part in (rest.strip(), rest_lines) if part.strip())
    return heading.strip(), body


def _article_text(segment):
    """Article text with its clauses on their own lines; a short heading at
    its start ("目的", "客户开发与维护") gets a line of its own."""
    first_line, sep, rest_lines = segment.partition("\n")
    heading, rest = _heading_before_clause(first_line)
    if not heading:
        heading = _heading_word(first_line)
        rest = first_line[len(heading):] if heading else first_line
    if heading:
        segment = heading + "\n" + rest.lstrip(":： ") + sep + rest_lines
    return split_clauses(segment)


def _split_trailing(segment):
    """After the last article, lines that are not its clauses are closing
    paragraphs of the document."""
    lines = segment.split("\n")
    for index in range(1, len(lines)):
        if not _starts_with_marker(lines[index].strip()):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return segment, ""


def _paragraphs(text):
    return [Block("paragraph", text=split_clauses(line)) for line in text.split("\n") if line.strip()]


def split_clauses(text):
    """Put each numbered clause ((一), 1., (1), 1), a), ①, •) on its own line,
    keeping its number: clause numbers are part of the text."""
    out_lines = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        candidates = []
        for style, pattern in CLAUSE_PATTERNS:
            for match in pattern.finditer(line):
                candidates.append((match.start(), -(match.end() - match.start()), style, match))
        candidates.sort(key=lambda c: (c[0], c[1]))
        cuts, last, last_dec, line_start, covered = [], {}, None, 0, -1
        for start, _negative_length, style, match in candidates:
            if start < covered:
                continue
            number = _marker_number(style, match)
            before = line[line_start:start]
            prev = line[start - 1] if start else ""
            heading = 0 < len(before.strip()) <= 16 and not re.search(rf"[{re.escape(PUNCTUATION)}()（）]", before)
            punct = prev in SENTENCE_END + ":：" or prev == ""
            if style == "rpar" and _unclosed(line[:start]):
                ok = False  # "(附件1)": a closing bracket, not a clause number
            elif start == 0:
                ok = True
            elif style in ("circ", "bullet"):
                ok = True
            elif style == "dec":
                value = match.group(1).replace("．", ".")
                parts = tuple(int(p) for p in value.split("."))
                follows = last_dec is not None and len(parts) == len(last_dec) and (
                    parts[:-1] == last_dec[:-1] and parts[-1] == last_dec[-1] + 1
                    or len(parts) == 2 and parts[0] == last_dec[0] + 1 and parts[1] == 1
                )
                ok = punct or heading or follows
                if ok:
                    last_dec = parts
            else:
                previous = last.get(style, 0)
                ok = (previous and number == previous + 1 and prev not in "第") or (
                    number == 1 and (punct or heading or style in ("pcn", "par"))
                )
            if not ok:
                continue
            last[style] = number
            covered = match.end()
            if start > 0:
                cuts.append(start)
            line_start = match.end()
        pieces, previous_cut = [], 0
        for cut in cuts:
            pieces.append(line[previous_cut:cut])
            previous_cut = cut
        pieces.append(line[previous_cut:])
        out_lines.extend(piece.strip() for piece in pieces if piece.strip())
    return "\n".join(out_lines)


def _unclosed(text):
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


def _tidy(blocks):
    tidy = []
    for block in blocks:
        block.title = block.title.strip()[:200]
        # A clause number left dangling where the page cut the text off ("…\n3、").
        block.text = re.sub(r"(?:^|\n)(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]\s*$", "", block.text.strip()).strip()
        if block.kind == "paragraph" and not block.text:
            continue
        if block.kind == "article" and not block.text:
            block.text = _("（原文此条无内容）")
        if block.kind == "item" and not (block.title or block.text):
            continue
        tidy.append(block)
    return tidy


# ---------------------------------------------------------------------------
# Dates, confidentiality
# ---------------------------------------------------------------------------

DATE_PATTERNS = [
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"([一二三四五六七八九〇零]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
]
DATE_CONTEXT = re.compile(r"制定|制訂|制订|发布|發布|实施|實施|施行|执行|執行|生效|起")


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def find_date(text, anywhere=False):
    """The first date in ``text`` that says when the document was made or
    takes effect (制定/发布/实施/生效 … within a few characters), or any date
    when ``anywhere``."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 12): match.end() + 8]
            if not anywhere and not DATE_CONTEXT.search(context):
                continue
            try:
                year, month, day = (parse_number(group) for group in match.groups())
            except ValueError:
                continue
            found = _safe_date(year, month, day)
            if found and 1990 <= found.year <= 2100:
                return found
    return None


CONFIDENTIALITY_MARK = re.compile(r"密\s*级\s*[:：]?\s*[【\[（(]?\s*(绝密|机密|秘密|公开)")
CONFIDENTIALITY_LEVELS = {"公开": 0, "秘密": 1, "机密": 2, "绝密": 3}


def find_confidentiality(title, text):
    """The 密级 the document gives itself ("密级：机密", "【机密】" in its
    title); 公开 (0) when it says nothing."""
    simple = to_simplified(title + "\n" + text[:400])
    found = CONFIDENTIALITY_MARK.search(simple)
    if found:
        return CONFIDENTIALITY_LEVELS[found.group(1)]
    found = re.search(r"[【\[（(](绝密|机密|秘密)[】\]）)]", to_simplified(title))
    return CONFIDENTIALITY_LEVELS[found.group(1)] if found else 0


# ---------------------------------------------------------------------------
# The parser's entry points
# ---------------------------------------------------------------------------


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
    lines = [Line(number, content) for number, content in enumerate(_normalise_newlines(text).split("\n"), 1)]
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


# ---------------------------------------------------------------------------
# Guesses: category and owner department
# ---------------------------------------------------------------------------

# (keywords, category slug, category name), first match wins; the title is
# tried first, then the body.
CATEGORY_RULES = [
    (("安全",), "safety", gettext_lazy("安全管理")),
    (("业务部", "业务管理部"), "business", gettext_lazy("业务管理")),
    (("培训", "训练"), "training", gettext_lazy("培训管理")),
    (("售后",), "after-sales", gettext_lazy("售后服务")),
    (("客户", "销售", "营销"), "customer", gettext_lazy("客户管理")),
    (("业务",), "business", gettext_lazy("业务管理")),
    (("采购", "物资", "物料"), "purchasing", gettext_lazy("采购管理")),
    (("人事", "行政", "考勤", "薪酬", "招聘", "员工", "职工", "班组"), "hr-admin", gettext_lazy("人事行政")),
]
DEFAULT_CATEGORY = ("general", gettext_lazy("综合管理"))

# (keywords, department code), see people.demo.DEPARTMENTS.
DEPARTMENT_RULES = [
    (("售后",), "after-sales"),
    (("业务",), "business"),
    (("培训", "人事", "人力资源", "行政", "员工", "职工", "招聘", "考勤"), "hr"),
    (("客户", "销售", "营销"), "sales"),
    (("安全生产", "班组", "生产", "车间"), "production"),
    (("品管", "质量"), "quality"),
    (("技术",), "technical"),
    (("工艺",), "engineering"),
]


def _guess(rules, title, text):
    """The first rule whose keywords occur in the title; failing that, the
    rule whose keywords occur most often in the text (at least 3 times)."""
    title = to_simplified(title)
    for rule in rules:
        if any(keyword in title for keyword in rule[0]):
            return rule
    text = to_simplified(text)
    best, best_count = None, 2
    for rule in rules:
        count = sum(text.count(keyword) for keyword in rule[0])
        if count > best_count:
            best, best_count = rule, count
    return best


def guess_category(title, text=""):
    """(slug, name) of the category a document most likely belongs to."""
    rule = _guess(CATEGORY_RULES, title, text)
    return (rule[1], rule[2]) if rule else DEFAULT_CATEGORY


def guess_department(title, text=""):
    """Code of the department that most likely owns a document, or None."""
    rule = _guess(DEPARTMENT_RULES, title, text)
    return rule[1] if rule else None


# ---------------------------------------------------------------------------
# The importer
# ---------------------------------------------------------------------------

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


class ImportFilesError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


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
        from .models import PolicyPage

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
        from .models import PolicyPage

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
        from .models import PolicyCategory

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
        from people.models import Department

        if code is None:
            return None
        if self._departments is None:
            self.index  # noqa: B018 - makes sure the departments exist
            self._departments = {d.code: d for d in Department.objects.all()}
        return self._departments.get(code)


def import_files(paths, today=None, dry_run=False, progress=None):
    """Import files: parse all first (nothing is written if any is bad, see
    :class:`ImportFilesError`), then import each in its own transaction.
    ``progress(file_result)`` is called after each file."""
    parsed_files = parse_files(paths)
    importer = Importer(today=today, dry_run=dry_run)
    results = []
    for parsed in parsed_files:
        result = importer.import_file(parsed)
        results.append(result)
        if progress:
            progress(result)
    return results
