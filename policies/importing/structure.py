"""The structure of a document: chapters 第X章, articles 第X条 and numbered
items 一、/1. (with a short title when there is one); the text inside them is
cut into clauses by :mod:`.clauses`. The source's own numbers of chapters,
articles and items are removed: the page generates them. Numbers are checked
on the way: a gap or a restart becomes a warning on the document."""
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..numbering import chinese_numeral
from ..segment import to_simplified
from .clauses import heading_before_clause, split_clauses
from .parsed import Block
from .text import CN_DIGITS, PUNCTUATION, RE_AR, RE_CN, SENTENCE_END, parse_number, starts_with_marker


@dataclass
class Marker:
    start: int
    end: int
    style: str
    number: int


RE_CHAPTER = re.compile(rf"第\s*([{CN_DIGITS}]{{1,4}}|\d{{1,3}})\s*章")
RE_ARTICLE = re.compile(rf"第\s*([{CN_DIGITS}]{{1,5}}|\d{{1,3}})\s*[条條]")
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


def parse_body(lines, numbers=None):
    """Blocks and warnings for the body lines of one document. ``numbers``:
    each line's number in the source; each warning is ``(message, line)``,
    the line where the numbering breaks (None without ``numbers``)."""
    joined, joined_numbers = _join_table_cells(lines, numbers or [None] * len(lines))
    text = "\n".join(joined)
    toc = _toc_spans(text)
    markers, found = _structure_markers(text, toc)
    warnings = [(message, _line_at(text, joined_numbers, offset)) for message, offset in found]
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


def _join_table_cells(lines, numbers):
    """A form's table pasted as text comes one cell per line ("培训计划表",
    "序号", "受训内容" …): a run of three or more such short lines is put
    back on one line, cells separated by " | ". Returns the lines and the
    source number of each (a joined run: its first line's)."""
    out, out_numbers, run, run_numbers = [], [], [], []

    def flush():
        if len(run) >= 3:
            out.append(" | ".join(run))
            out_numbers.append(run_numbers[0])
        else:
            out.extend(run)
            out_numbers.extend(run_numbers)
        run.clear()
        run_numbers.clear()

    for line, number in zip(lines, numbers, strict=True):
        cell = line.strip()
        if cell and len(cell) <= 20 and not re.search(r"[，。；;,!?！？]", cell) \
                and not starts_with_marker(cell):
            run.append(cell)
            run_numbers.append(number)
        else:
            flush()
            out.append(line)
            out_numbers.append(number)
    flush()
    return out, out_numbers


def _line_at(text, numbers, offset):
    """The source line number of the character at ``offset`` of ``text``."""
    if offset is None or not numbers:
        return None
    return numbers[min(text.count("\n", 0, offset), len(numbers) - 1)]


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


def _sequence(candidates, text, label, warnings, restart_ok=False, always_first=False, backwards_ok=False):
    """Keep the candidates that continue a numbering (1, 2, 3 …); accept a
    jump or a restart only where a new sentence or line begins; with
    ``backwards_ok``, also a number going back where a line begins (a
    shuffled source). Each break is a warning ``(message, offset)``."""
    accepted, last = [], 0
    for candidate in candidates:
        number = candidate.number
        prev = text[candidate.start - 1] if candidate.start else "\n"
        starts = _at_segment_start(text, candidate.start)
        numbers = {"kind": label, "a": chinese_numeral(last) if last else "", "b": chinese_numeral(number)}
        if number == last + 1 and (starts or prev not in REFERENCE_BEFORE):
            pass
        elif number == 1 and last == 0 and always_first:
            pass
        elif number > last + 1 and starts and last > 0:
            warnings.append((
                _("%(kind)s编号不连续：第%(a)s之后是第%(b)s，可能漏掉了内容或原文顺序错乱。") % numbers, candidate.start,
            ))
        elif number > 1 and last == 0 and starts:
            warnings.append((
                _("%(kind)s编号不是从第一开始（从第%(b)s开始），原文可能不完整。") % numbers, candidate.start,
            ))
        elif number == 1 and last > 0 and restart_ok and starts:
            warnings.append((_("%(kind)s编号在第%(a)s之后重新从第一开始。") % numbers, candidate.start))
        elif 1 < number <= last and backwards_ok and _line_start(text, candidate.start):
            warnings.append((
                _("%(kind)s编号倒退：第%(a)s之后是第%(b)s，原文顺序错乱。") % numbers, candidate.start,
            ))
        else:
            if number == 1 and last > 1 and starts:
                warnings.append((
                    _("第%(a)s%(kind)s之后又出现第一%(kind)s，可能是两篇文件连在一起（缺少标题行），已作为正文保留。")
                    % numbers, candidate.start,
                ))
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
        items.extend(_sequence(
            group, text, _("编号事项"), warnings, restart_ok=True, always_first=bool(chapters), backwards_ok=True,
        ))
        lower = upper
    if len(warnings) > before:
        # A cut or shuffled source: the items stay items, in the source's
        # order, and the page numbers them in that order; HR puts them in
        # order in the editor (the numbers follow) after checking the source.
        warnings.append((
            _("编号事项的顺序与原文编号不符（见本篇其他“编号顺序”警告所在行）：已按原文出现的顺序导入并重新编号，"
              "请对照原文在编辑页调整顺序。"),
            warnings[before][1],
        ))
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
    heading, rest = heading_before_clause(first_line)
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
    heading, rest = heading_before_clause(first_line)
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
    heading, rest = heading_before_clause(first_line)
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
        if not starts_with_marker(lines[index].strip()):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return segment, ""


def _paragraphs(text):
    return [Block("paragraph", text=split_clauses(line)) for line in text.split("\n") if line.strip()]


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
