"""Chinese numerals for generated chapter and article numbers (第一章, 第十二条)."""

DIGITS = "零一二三四五六七八九"


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


def parse_chinese_numeral(text: str) -> int:
    """The inverse of :func:`chinese_numeral` for numbers used in headings ("十二" → 12)."""
    if text.isdigit():
        return int(text)
    values = {"千": 1000, "百": 100, "十": 10}
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS.index(ch)
        elif ch == "两":
            current = 2
        elif ch in values:
            total += (current or 1) * values[ch]
            current = 0
        else:
            raise ValueError(f"不是中文数字：{text}")
    return total + current
