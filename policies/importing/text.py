"""What every stage of the parser reads text with: character classes, the
suffixes of document titles, numbers written in Chinese or in digits, and
the markers that start a numbered line."""
import re

CJK = "\u4e00-\u9fff"
CN_DIGITS = "一二三四五六七八九十百零〇两"
SENTENCE_END = "。；;！？!?"
PUNCTUATION = "，。；;：:,!?！？、“”\"'《》"
TITLE_SUFFIX = (
    r"(?:[及和与]流程|制度|办法|規定|规定|細則|细则|规程|規程|规则|規則|条例|條例|方案|计划|計劃"
    r"|守则|守則|章程|职责|職責|须知|須知|策略|准则|準則|规范|規範)"
)
# Numbered items: 一、 and 1、/1./1.0 (at the top level, and as clauses inside text).
RE_CN = re.compile(r"([一二三四五六七八九十]{1,3})\s*、")
RE_AR = re.compile(r"(?<!\d)(?<!\d[.．])(\d{1,2})(?:\.0(?=\s*[^\d.．\s%])|\s*、|[.．](?=\s*[^\d.．\s%]))")


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


def starts_with_marker(text):
    """Whether ``text`` starts with a chapter, article, item or clause number
    (第一章, 一、, （一）, 1.2, a), ①, a bullet)."""
    return bool(
        re.match(
            rf"(?:第\s*[{CN_DIGITS}\d]+\s*[章条條]|[{CN_DIGITS}]+\s*、|[（(][{CN_DIGITS}\d]+[)）]"
            r"|\d+(?:\.\d+)*\s*[、.．)）]|[A-Za-z][)）、]|[①-⑳•·\-–])",
            text,
        )
    )
