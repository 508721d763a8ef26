"""Cleaning: web-page furniture out (上传人, 第1页, 下载, 温馨提示, ads,
stock sentences such as "希望对大家有所帮助"), page chunks joined."""
import datetime
import re
from dataclasses import dataclass

from ..segment import to_simplified
from .metadata import safe_date
from .reading import BOUNDARY, Line
from .text import CJK

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
                result.stated_date = safe_date(*map(int, found.groups()))
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
