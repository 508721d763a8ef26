"""What a document says about itself, and what its words suggest: the date
it was made or takes effect, its 密级, its category and owner department."""
import datetime
import re

from django.utils.translation import gettext_lazy

from ..segment import to_simplified
from .text import parse_number

# ---- dates and 密级 ----------------------------------------------------------

DATE_PATTERNS = [
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"([一二三四五六七八九〇零]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
]
DATE_CONTEXT = re.compile(r"制定|制訂|制订|发布|發布|实施|實施|施行|执行|執行|生效|起")


def safe_date(year, month, day):
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
            found = safe_date(year, month, day)
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


# ---- guesses: category and owner department -------------------------------

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
