"""Triage: what HR should know about each detected document before adopting
it, each finding with the line it was seen on. Pure: reads a parsed
document, touches no database.

Kinds (:data:`KINDS`): page furniture left in the text, mojibake, a text
that stops mid-sentence, no structure, another organisation or trade, a
sentence collection rather than a regulation, numbering out of order, no
title line. A document with a finding in :data:`SKIP_KINDS` is proposed for
skipping (``import_policies`` skips it unless told otherwise; the admin's
batch screen preselects 跳过)."""
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..segment import to_simplified

KINDS = {
    "furniture": gettext_lazy("网页杂项"),
    "mojibake": gettext_lazy("乱码"),
    "truncated": gettext_lazy("原文不完整"),
    "no_structure": gettext_lazy("无结构"),
    "other_org": gettext_lazy("其他单位或行业"),
    "sentence_collection": gettext_lazy("语句汇编"),
    "order": gettext_lazy("编号顺序"),
    "untitled": gettext_lazy("无标题"),
}
SKIP_KINDS = ("other_org", "sentence_collection", "mojibake")


@dataclass
class Finding:
    kind: str
    message: str
    line: int | None = None

    def __str__(self):
        if self.line:
            return _("第 %(line)s 行：%(message)s") % {"line": self.line, "message": self.message}
        return str(self.message)

    def __contains__(self, text):  # "…" in finding, as for the plain strings they replace
        return text in str(self)

    @property
    def label(self):
        return str(KINDS.get(self.kind, self.kind))


FURNITURE = re.compile(
    r"ICP\s*备|备案号|上传(?:人|者|时间)|下载(?:文档|本文|次数|积分)?|第\s*\d+\s*页|文档编号|阅读网|人人文库|金锄头"
    r"|扩展阅读|举报|收藏本|版权所有|免责声明|www\.|https?://"
)
MOJIBAKE = re.compile(r"\ufffd|锟斤拷|烫烫烫|屯屯屯|(?:Ã.|â€.){2,}|(?:[鍙鍚鐨锛銆]\S){3,}")
SENTENCE_END = "。；;！？!?）)”」』》…"
OTHER_TRADES = {
    "医院": "医院", "口腔": "口腔诊所", "诊所": "诊所", "患者": "医疗机构", "玻璃": "玻璃厂",
    "汽车": "汽车销售", "试乘试驾": "汽车销售", "展车": "汽车销售", "物业": "物业公司",
    "业主": "物业公司", "酒店": "酒店", "石材": "石材公司", "楼盘": "房地产", "幼儿园": "幼儿园",
    "学校": "学校", "餐饮": "餐饮", "驾校": "驾校", "教练员": "驾校",
}
# Words that name a trade only when the document speaks as that organisation.
SELF_REFERENCE = re.compile(r"本院|我院|本店|我店|本酒店|本小区|本校|我校")
COLLECTION_TITLE = re.compile(r"\d+\s*句|菁华|精华|语录|名言|金句")


def triage(document, lines):
    """Findings for one parsed document; ``lines`` are its source lines
    (``reading.Line``: number and text)."""
    findings = []
    findings += _furniture(lines)
    findings += _mojibake(lines)
    findings += _truncated(document, lines)
    if not any(document.count(kind) for kind in ("chapter", "article", "item")):
        findings.append(Finding(
            "no_structure", _("没有找到章、条或编号事项，正文按段落导入。"), document.first_line
        ))
    findings += _other_organisation(document, lines)
    findings += _sentence_collection(document)
    return findings


def _furniture(lines):
    found = []
    for line in lines:
        match = FURNITURE.search(to_simplified(line.text))
        if match:
            found.append(Finding("furniture", _("疑似网页杂项“%(text)s”") % {"text": match.group()}, line.number))
    return found[:5]


def _mojibake(lines):
    for line in lines:
        match = MOJIBAKE.search(line.text)
        if match:
            return [Finding("mojibake", _("乱码字符“%(text)s”，原文编码可能有误，请用原文件重新导出。")
                            % {"text": match.group()[:8]}, line.number)]
    return []


def _truncated(document, lines):
    text_lines = [line for line in lines if line.text.strip()]
    if not text_lines:
        return []
    last = text_lines[-1]
    tail = last.text.strip()
    if len(tail) < 12 or tail[-1] in SENTENCE_END:
        return []  # a short closing line (a signature, a heading) or a finished sentence
    # A comma, an open bracket or a word that cannot end a sentence (的, 和 …);
    # a rule without its full stop ("解释权归公司所有") is not cut off.
    if re.search(r"[，、,：:（(“《的和及与或在对把被将为了且并而其向从由按经以]$", tail):
        return [Finding("truncated", _("正文在句子中间结束（“……%(tail)s”），原文可能被截断。")
                        % {"tail": tail[-12:]}, last.number)]
    return []


def _other_organisation(document, lines):
    title = to_simplified(document.title)
    for word, trade in OTHER_TRADES.items():
        if word in title:
            return [Finding("other_org", _("标题提到“%(word)s”，像是%(trade)s的制度，不一定是本公司的。")
                            % {"word": word, "trade": trade}, document.first_line)]
    company = re.search(r"[\u4e00-\u9fff]{2,20}(?:有限公司|集团)", title)
    if company:
        return [Finding("other_org", _("标题写明了“%(name)s”，是该单位的制度。") % {"name": company.group()},
                        document.first_line)]
    counts, first_line, words = {}, {}, {}
    speaks_as_other = None
    for line in lines:
        simple = to_simplified(line.text)
        if speaks_as_other is None and SELF_REFERENCE.search(simple):
            speaks_as_other = line.number
        for word, trade in OTHER_TRADES.items():
            n = simple.count(word)
            if n:
                counts[trade] = counts.get(trade, 0) + n
                first_line.setdefault(trade, line.number)
                words.setdefault(trade, word)
    if not counts:
        return []
    trade = max(counts, key=counts.get)
    if counts[trade] >= 3 or speaks_as_other:
        return [Finding("other_org", _("正文多次提到“%(word)s”等词（%(n)s 次），像是%(trade)s的制度，不一定是本公司的。")
                        % {"word": words[trade], "n": counts[trade], "trade": trade},
                        speaks_as_other or first_line[trade])]
    return []


def _sentence_collection(document):
    raw = to_simplified(getattr(document, "raw_title", "") or document.title)
    if COLLECTION_TITLE.search(raw):
        return [Finding("sentence_collection", _("标题“%(title)s”表明这是语句汇编，不是一篇制度。")
                        % {"title": raw[:30]}, document.first_line)]
    items = document.count("item")
    if items >= 30 and not document.count("chapter") and not document.count("article"):
        return [Finding("sentence_collection", _("%(n)s 条互不相关的编号语句，没有章、条：像是语句汇编，不是一篇制度。")
                        % {"n": items}, document.first_line)]
    return []


def proposed_skip(findings):
    """The findings that make a document look like it is not this company's
    rule (empty: adopt)."""
    return [finding for finding in findings if finding.kind in SKIP_KINDS]


def is_traditional(text):
    """Whether the text is written in Traditional characters."""
    sample = text[:2000]
    simple = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, simple, strict=False) if a != b)
    return changed >= max(5, len(sample) // 50)
