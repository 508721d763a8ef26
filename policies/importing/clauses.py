"""Numbered clauses inside the text of an article, an item or a paragraph:
(一), 1., 1.1, (1), 1), a), ①, •. Each goes on a line of its own and keeps its
number (clause numbers are part of the text, unlike those of chapters,
articles and items, which the page generates)."""
import re
from dataclasses import dataclass, field

from .text import CJK, PUNCTUATION, RE_AR, RE_CN, SENTENCE_END, parse_number

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
# A heading may contain 、 ("安装、维修手册的建立") but no other punctuation.
HEAD_BREAKS = re.compile(rf"[{re.escape(PUNCTUATION.replace('、', ''))}()（）\s]")
# Text between two clauses that is a short heading, not a sentence.
SHORT_HEADING_BREAKS = re.compile(rf"[{re.escape(PUNCTUATION)}()（）]")
# Styles whose number 1 opens a clause wherever it stands: (一), (1).
BRACKETED = ("pcn", "par")


def marker_number(style, match):
    """The number a clause marker of ``style`` stands for (0 when it does
    not say: a decimal marker counts as 1 only as x.1)."""
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


def heading_before_clause(text):
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
    if 2 <= len(head) <= 25 and not HEAD_BREAKS.search(head) and marker_number(style, match) == 1:
        return head, text[start:]
    return "", text


# ---- splitting a text into its clauses ---------------------------------------


def split_clauses(text):
    """Put each numbered clause ((一), 1., (1), 1), a), ①, •) on its own line,
    keeping its number: clause numbers are part of the text."""
    out_lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            out_lines.extend(clause_lines(line))
    return "\n".join(out_lines)


def clause_lines(line):
    """``line`` cut before each clause marker that starts a clause."""
    bounds = [0, *clause_starts(line), len(line)]
    pieces = (line[start:stop].strip() for start, stop in zip(bounds, bounds[1:], strict=False))
    return [piece for piece in pieces if piece]


@dataclass
class ClauseScan:
    """What :func:`clause_starts` has accepted so far in one line."""

    line: str
    last: dict = field(default_factory=dict)  # style → number of its last clause
    last_decimal: tuple | None = None  # (1, 2) for the last clause numbered 1.2
    text_start: int = 0  # where the text after the last clause's marker begins
    covered: int = -1  # markers starting before this are inside the last one


def clause_starts(line):
    """Where the clauses of ``line`` start (a clause at 0 needs no cut)."""
    scan = ClauseScan(line)
    starts = []
    for style, match in clause_markers(line):
        if match.start() < scan.covered or not opens_clause(scan, style, match):
            continue
        if style == "dec" and match.start() > 0:
            scan.last_decimal = decimal_parts(match)
        scan.last[style] = marker_number(style, match)
        scan.covered = scan.text_start = match.end()
        if match.start() > 0:
            starts.append(match.start())
    return starts


def clause_markers(line):
    """Every clause marker in ``line`` as ``(style, match)``, in order of
    position; where two start together, the longer first."""
    found = [
        (match.start(), -(match.end() - match.start()), style, match)
        for style, pattern in CLAUSE_PATTERNS
        for match in pattern.finditer(line)
    ]
    found.sort(key=lambda f: (f[0], f[1]))
    return [(style, match) for _start, _negative_length, style, match in found]


def opens_clause(scan, style, match):
    """Whether the marker ``match`` starts a new clause, given what ``scan``
    has accepted before it in the line."""
    start = match.start()
    if style == "rpar" and unclosed(scan.line[:start]):
        return False  # "(附件1)": a closing bracket, not a clause number
    if start == 0 or style in ("circ", "bullet"):
        return True
    begins = after_sentence(scan.line, start) or after_short_heading(scan.line[scan.text_start:start])
    if style == "dec":
        return begins or continues_decimal(scan.last_decimal, decimal_parts(match))
    return counts_on(scan, style, match, begins)


def counts_on(scan, style, match, begins):
    """A counted clause (一) (1) 1) a) 一、 1.: the next number of its style,
    or a number 1 where a clause may begin (``begins``; (一) and (1) anywhere)."""
    number = marker_number(style, match)
    if continues_count(scan.last.get(style, 0), number, scan.line[match.start() - 1]):
        return True
    return number == 1 and (begins or style in BRACKETED)


def after_sentence(line, start):
    """The marker follows the end of a sentence or a colon."""
    return line[start - 1] in SENTENCE_END + ":："


def after_short_heading(before):
    """The text since the last clause is a short heading, not a sentence
    ("培训内容1.…")."""
    return 0 < len(before.strip()) <= 16 and not SHORT_HEADING_BREAKS.search(before)


def continues_count(previous, number, character_before):
    """``number`` is the next of a count already started, and not a
    reference such as 第2) ."""
    return bool(previous) and number == previous + 1 and character_before not in "第"


def decimal_parts(match):
    """"1.2" → (1, 2)."""
    return tuple(int(part) for part in match.group(1).replace("．", ".").split("."))


def continues_decimal(last, parts):
    """1.2 after 1.1, or 2.1 after 1.x: the next decimal clause."""
    if last is None or len(parts) != len(last):
        return False
    next_in_level = parts[:-1] == last[:-1] and parts[-1] == last[-1] + 1
    next_section = len(parts) == 2 and parts[0] == last[0] + 1 and parts[1] == 1
    return next_in_level or next_section


def unclosed(text):
    """``text`` leaves a bracket open."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")
