"""Reading a file's lines: UTF-8 text (pasted from web pages) or Word
(.docx); anything else is refused with the reason and the line."""
import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.table import Table

from .parsed import ImportFileError

SUPPORTED_EXTENSIONS = (".txt", ".docx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # the seed pages are under 64 KB


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
    limit = max_bytes()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(path, _("无法读取文件（%(error)s）。") % {"error": error.strerror or error}) from error
    if size > limit:
        raise ImportFileError(
            path,
            _("文件有 %(size)s，超过导入上限 %(limit)s：请拆分成几个文件后再导入。")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, _("无法读取文件（%(error)s）。") % {"error": error.strerror or error}) from error
    if not data.strip():
        raise ImportFileError(path, _("文件是空的，没有任何内容。"), line=1)
    if suffix == ".docx":
        return _docx_lines(path, data)
    return [Line(number, text) for number, text in enumerate(decode_text(path, data).split("\n"), 1)]


def max_bytes():
    """The largest file the import accepts (``POLICY_IMPORT_MAX_BYTES``)."""
    return getattr(settings, "POLICY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def decode_text(path, data):
    """Decode a text file as UTF-8 (with or without BOM; UTF-16 with BOM is
    accepted too). Anything else is refused, naming the byte offset and line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return normalise_newlines(data.decode("utf-16"))
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
        ) from error
    text = normalise_newlines(text)
    for number, content in enumerate(text.split("\n"), 1):
        bad = re.search(r"[\x00-\x08\x0b\x0e-\x1f]", content)
        if bad:
            raise ImportFileError(
                path,
                _("含有控制字符 U+%(code)04X，不是纯文本文件。") % {"code": ord(bad.group())},
                line=number,
            )
    return text


def normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_lines(path, data):
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a bad package
        raise ImportFileError(
            path, _("不是有效的 Word（.docx）文件（%(error)s）。") % {"error": error}
        ) from error
    _refuse_tables_and_images(path, document)
    lines = []

    def add(text, title=False):
        for part in normalise_newlines(text).split("\n"):
            lines.append(Line(len(lines) + 1, part, forced_title=title and bool(part.strip())))

    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        add(paragraph.text, title=style.startswith(("Title", "Heading 1", "标题 1", "标题1")))
    return lines


def _refuse_tables_and_images(path, document):
    """A table or a picture cannot become articles: the text around it would
    be imported without it, and nobody would notice. Refused, saying where."""
    paragraph = 0
    for content in document.iter_inner_content():
        if isinstance(content, Table):
            raise ImportFileError(
                path,
                _("含有表格（在第 %(n)s 段之后）。表格无法导入为条文：请把表格改为文字，或作为附件另行上传，再导入。")
                % {"n": paragraph},
                line=paragraph + 1, unit=_("第 %(n)s 段") % {"n": paragraph + 1},
            )
        paragraph += 1
        if content._element.xpath(".//w:drawing | .//w:pict"):
            raise ImportFileError(
                path,
                _("含有图片。图片无法导入为条文：请删去图片（或另行上传）后再导入。"),
                line=paragraph, unit=_("第 %(n)s 段") % {"n": paragraph},
            )
