"""Generated numbers of a regulation's body: Chinese numerals (第一章,
第十二条) and the numbered parts of a body stream, with their anchors."""

import functools

DIGITS = "零一二三四五六七八九"


@functools.lru_cache(maxsize=1024)  # a search result numbers every part up to its match
def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (for 1 ≤ n ≤ 9999)."""
    if not 0 < n < 10000:
        raise ValueError(f"不支持的编号：{n}")
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out = []
    zero_pending = False
    for value, name in units:
        digit, n = divmod(n, value)
        if digit:
            if zero_pending and out:
                out.append("零")
            zero_pending = False
            out.append(DIGITS[digit] + name)
        elif out:
            zero_pending = True
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def number_blocks(stream):
    """Turn a body stream into numbered parts: chapters and articles are counted
    through the whole document (Chinese regulations number articles
    continuously); numbered items restart after each chapter."""
    return list(iter_numbered((block.block_type, block.value) for block in stream))


def iter_numbered(blocks):
    """:func:`number_blocks` one part at a time, from ``(block_type, value)``
    pairs (a stream's blocks, or its raw data: every block of the body is
    plain text, so both read alike), for a reader that may stop early."""
    chapter = article = item = count = 0
    for block_type, value in blocks:
        count += 1
        if block_type == "chapter":
            chapter += 1
            item = 0
            label = f"第{chinese_numeral(chapter)}章"
            yield {"type": "chapter", "label": label, "anchor": f"chapter-{chapter}",
                   "title": value["title"], "text": "", "plain": f"{label} {value['title']}"}
        elif block_type == "article":
            article += 1
            label = f"第{chinese_numeral(article)}条"
            yield {"type": "article", "label": label, "anchor": f"article-{article}",
                   "title": "", "text": value["text"], "plain": f"{label} {value['text']}"}
        elif block_type == "item":
            item += 1
            label = f"{chinese_numeral(item)}、"
            title = value.get("title") or ""
            text = value.get("text") or ""
            yield {"type": "item", "label": label, "anchor": f"item-{chapter}-{item}",
                   "title": title, "text": text,
                   "plain": f"{label}{title}" + (f"\n{text}" if text else "")}
        else:
            yield {"type": "paragraph", "label": "", "anchor": f"p-{count}",
                   "title": "", "text": value["text"], "plain": value["text"]}
