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


def guess_category_with_reason(title, text=""):
    """(slug, name, reason): the category and why it was guessed."""
    rule, reason = _guess_with_reason(CATEGORY_RULES, title, text)
    if rule is None:
        return (*DEFAULT_CATEGORY, str(gettext_lazy("标题和正文都没有类别关键词，归入默认类别")))
    return rule[1], rule[2], reason


def guess_department_with_reason(title, text=""):
    """(code or None, reason)."""
    rule, reason = _guess_with_reason(DEPARTMENT_RULES, title, text)
    return (rule[1] if rule else None), reason


def _guess_with_reason(rules, title, text):
    simple_title = to_simplified(title)
    for rule in rules:
        for keyword in rule[0]:
            if keyword in simple_title:
                return rule, str(gettext_lazy("标题含“%(word)s”")) % {"word": keyword}
    simple = to_simplified(text)
    best, best_count, best_word = None, 2, ""
    for rule in rules:
        count = sum(simple.count(keyword) for keyword in rule[0])
        if count > best_count:
            word = max(rule[0], key=simple.count)
            best, best_count, best_word = rule, count, word
    if best is None:
        return None, ""
    return best, str(gettext_lazy("正文中“%(word)s”等词出现 %(count)s 次")) % {"word": best_word, "count": best_count}


# ---- what the document states about itself ----------------------------------

_DATE = r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
STATED_NUMBER = re.compile(r"文件编号\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{1,38}[A-Za-z0-9])")
STATED_VERSION = re.compile(r"(?:版本号|版\s*本|版\s*次)\s*[:：]\s*([A-Za-z0-9][A-Za-z0-9./\-]{0,19})")
EFFECTIVE_LABELLED = re.compile(rf"(?:生效日期|实施日期|施行日期|执行日期)\s*[:：]?\s*{_DATE}")
EFFECTIVE_FROM = re.compile(rf"自\s*{_DATE}\s*起\s*(?:施行|执行|实施|生效)")
FROM_PUBLICATION = re.compile(r"自\s*(?:发布|颁布|印发)\s*之\s*日\s*起\s*(?:施行|执行|实施|生效)")
APPROVAL_PERSON = re.compile(
    rf"(制定|制订|编制|拟制|审核|批准)\s*(?:人)?\s*[:：]\s*([\u4e00-\u9fff]{{2,4}}|[A-Za-z][A-Za-z .]{{1,30}})"
    rf"(?:\s*(?:日期\s*[:：])?\s*{_DATE})?"
)
APPROVAL_BY_UNIT = re.compile(rf"([\u4e00-\u9fff]{{2,10}}(?:部|办|室|中心|委员会))\s*(制定|制订|审核|批准)\s*{_DATE}")
APPROVAL_STEPS = {"制定": "drafted", "制订": "drafted", "编制": "drafted", "拟制": "drafted",
                  "审核": "reviewed", "批准": "approved"}


def _date_of(text):
    return find_date(text, anywhere=True) if text else None


def find_stated_number(text):
    """The 文件编号 the text gives itself (with at least one digit), or ""."""
    for match in STATED_NUMBER.finditer(to_simplified(text)):
        if re.search(r"\d", match.group(1)):
            return match.group(1)
    return ""


def find_version_label(text):
    match = STATED_VERSION.search(to_simplified(text))
    return match.group(1) if match else ""


def find_effective(text):
    """(date or None, note): the effective date the text states ("生效日期：…",
    "自2024年3月1日起施行"), or None with a note when it says 自发布之日起执行.
    A date of making (制定) or of web metadata (上传时间) is never one."""
    simple = to_simplified(text)
    for pattern in (EFFECTIVE_LABELLED, EFFECTIVE_FROM):
        match = pattern.search(simple)
        if match:
            found = _date_of(match.group(1))
            if found:
                return found, match.group(0)
    match = FROM_PUBLICATION.search(simple)
    return None, (match.group(0) if match else "")


def find_approvals(text):
    """{"drafted_by": …, "drafted_on": …, …} for the 制定/审核/批准 the text
    records (a person or a unit, with a date when given)."""
    simple = to_simplified(text)
    record = {}
    for match in APPROVAL_PERSON.finditer(simple):
        step = APPROVAL_STEPS[match.group(1)]
        name = match.group(2).strip()
        if name.startswith(("本", "该", "此", "培训", "计划", "方案", "制度")):
            continue  # "批准本制度": what is approved, not who
        record.setdefault(f"{step}_by", name)
        if match.group(3):
            record.setdefault(f"{step}_on", _date_of(match.group(3)))
    for match in APPROVAL_BY_UNIT.finditer(simple):
        step = APPROVAL_STEPS[match.group(2)]
        unit = re.sub(r"^.*?(?:公司|有限公司)", "", match.group(1)) or match.group(1)
        record.setdefault(f"{step}_by", unit[-10:])
        record.setdefault(f"{step}_on", _date_of(match.group(3)))
    return record


# ---- 适用范围 ------------------------------------------------------------------

SCOPE_TEXT = re.compile(r"(?:适用范围\s*[:：]?\s*(?:本\S{0,4}?)?(?:适用于)?|适用于)\s*([^。；;\n]{2,80})")
EVERYONE = re.compile(r"(?:全体|所有|全部|一切)(?:员工|人员|职工)|全公司|公司(?:所有|全体)")
# Other names the company's departments and roles go by in the documents.
DEPARTMENT_ALIASES = {
    "business": ("业务部", "业务管理部", "业务部门"),
    "after-sales": ("售后", "售后服务部", "售后服务中心"),
    "hr": ("人资", "人力资源", "人事部", "行政部"),
    "sales": ("销售部", "销售部门", "营销"),
    "technical": ("技术部", "技术支持"),
    "engineering": ("工艺工程部", "工艺部"),
    "quality": ("品管", "品质部", "质量部"),
    "production": ("生产部", "车间"),
    "office": ("总经办", "总经理办公室"),
}
ROLE_ALIASES = {
    "manager": ("部门经理", "部门负责人", "主管", "经理"),
    "trainee": ("受训人员", "学员"),
    "trainer": ("培训师", "讲师", "培训人"),
    "examiner": ("考评人", "考评员"),
}
SCOPE_FILLER = re.compile(
    r"本公司|公司|本制度|本办法|本规定|下属|所属|各部门|部门|各|的|全体|所有|全部|一切|员工|人员|职工|工作|包括|包含"
    r"|等|及相关|相关|以及|及|和|与|其他|临时|合作|旨在.*|所有员工应.*"
)


def find_scope_text(text):
    """What the document says it applies to ("公司业务部所有员工…"), or ""."""
    match = SCOPE_TEXT.search(to_simplified(text))
    return match.group(1).strip(" ：:，,") if match else ""


def match_scope(scope_text, departments, roles):
    """Map a 适用范围 text onto the company's departments and roles.

    ``departments`` and ``roles`` are ``{code: name}``. Returns
    ``(department codes, role codes, unmatched words)``: roles only when the
    text does not cover everyone in those departments ("全体员工，包括部门经理"
    names no restriction); empty codes mean everyone."""
    if not scope_text:
        return [], [], []
    text = to_simplified(scope_text)
    rest = text
    found_departments, found_roles = [], []
    for code, name in departments.items():
        for alias in sorted({name, *DEPARTMENT_ALIASES.get(code, ())}, key=len, reverse=True):
            if alias in rest:
                found_departments.append(code)
                rest = rest.replace(alias, " ")
    everyone = bool(EVERYONE.search(text))
    for code, name in roles.items():
        for alias in sorted({name, *ROLE_ALIASES.get(code, ())}, key=len, reverse=True):
            if alias in rest:
                if not everyone:
                    found_roles.append(code)
                rest = rest.replace(alias, " ")
    leftovers = [
        word for word in re.split(r"[\s、，,/（）()]+", SCOPE_FILLER.sub(" ", rest)) if len(word) >= 2
    ]
    return sorted(set(found_departments)), sorted(set(found_roles)), leftovers


# ---- regulation or reference material ------------------------------------------

REFERENCE_SUFFIX = re.compile(r"(?:方案|计划|計劃|策略|总结|範文|范文)$")


def is_reference(title):
    """Plans, schemes and strategies are reference material, not rules that
    each employee must acknowledge."""
    return bool(REFERENCE_SUFFIX.search(to_simplified(title)))
