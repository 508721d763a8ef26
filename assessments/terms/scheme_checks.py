"""What makes a scheme valid, one named check per part of it.

Each check reads one part of a :class:`~.scheme.SchemeRules` and yields
``(field, message)`` pairs, the message in Chinese and ready for the form
field of that name; :func:`scheme_errors` runs them all in :data:`CHECKS`
order. A check never raises: a scheme with several problems reports them all.
"""
from django.utils.translation import gettext_lazy as _

from .money import HUNDRED, fmt, is_money, is_number
from .vocabulary import (
    EDUCATION_ORDER,
    GRADE_ORDER,
    POSITION_ORDER,
    RANKED_GRADES,
    RANKED_POSITIONS,
    Grade,
    grade_label,
    position_label,
    position_of,
)


def _percent(value):
    return is_number(value) and 0 <= value <= HUNDRED


def check_pass_mark(rules):
    """The pass mark is above 0 and at most 100."""
    if not is_number(rules.pass_mark) or not (0 < rules.pass_mark <= HUNDRED):
        yield "pass_mark", _("合格线必须大于 0 且不超过 100 分。")


def check_bands(rules):
    """At least one band; each a known ranked grade, once, with a lower bound
    in 0–100; scores and grades both rising from band to band."""
    if not rules.bands:
        yield "bands", _("至少需要一个分数段。")
    previous, seen = None, set()
    for band in rules.bands:
        if band.grade not in GRADE_ORDER:
            yield "bands", _("未知的职级代码“%(code)s”。") % {"code": band.grade}
            continue
        if band.grade == Grade.RESERVE:
            yield "bands", _("储备不需要分数段：平均分低于最低分数段即为储备。")
            continue
        if band.grade in seen:
            yield "bands", _("职级“%(grade)s”出现了不止一次。") % {"grade": grade_label(band.grade)}
        seen.add(band.grade)
        if not _percent(band.lower_bound):
            yield "bands", _("分数段“%(grade)s”的最低分必须在 0 到 100 之间。") % {"grade": grade_label(band.grade)}
            continue
        if previous is not None:
            yield from _band_follows(previous, band)
        previous = band


def _band_follows(previous, band):
    if band.lower_bound <= previous.lower_bound:
        yield "bands", (_("分数段必须按最低分从低到高排列，且最低分不能重复（“%(grade)s”）。")
                        % {"grade": grade_label(band.grade)})
    elif GRADE_ORDER[band.grade] <= GRADE_ORDER[previous.grade]:
        yield "bands", (_("分数越高，职级必须越高（“%(grade)s”排在“%(previous)s”之后）。")
                        % {"grade": grade_label(band.grade), "previous": grade_label(previous.grade)})


def check_lowest_band(rules):
    """Nobody can be graded below the pass mark: the lowest band starts at it or above."""
    if not (is_number(rules.pass_mark) and rules.bands and is_number(rules.bands[0].lower_bound)):
        return
    if rules.bands[0].lower_bound < rules.pass_mark:
        yield "bands", (_("最低分数段（%(low)s 分）不能低于合格线（%(mark)s 分）。")
                        % {"low": fmt(rules.bands[0].lower_bound), "mark": fmt(rules.pass_mark)})


def check_qualifications(rules):
    """One condition per ranked position, with known education codes and
    non-negative years and product-series counts."""
    positions = set()
    for rule in rules.qualifications:
        if rule.position not in RANKED_POSITIONS:
            yield "qualifications", (_("资格条件的职位必须是技工或工程师，收到“%(code)s”。")
                                     % {"code": rule.position})
            continue
        label = position_label(rule.position)
        if rule.position in positions:
            yield "qualifications", _("“%(position)s”的资格条件出现了不止一次。") % {"position": label}
        positions.add(rule.position)
        yield from _qualification_values(rule, label)


def _qualification_values(rule, label):
    if rule.min_education not in EDUCATION_ORDER:
        yield "qualifications", (_("“%(position)s”的最低学历“%(code)s”不是已知的学历代码。")
                                 % {"position": label, "code": rule.min_education})
    if rule.alt_education and rule.alt_education not in EDUCATION_ORDER:
        yield "qualifications", (_("“%(position)s”的替代学历“%(code)s”不是已知的学历代码。")
                                 % {"position": label, "code": rule.alt_education})
    if not all(is_number(value) and value >= 0 for value in (rule.min_years, rule.alt_min_years)):
        yield "qualifications", _("“%(position)s”的从业年限不能为负数。") % {"position": label}
    count = rule.min_product_series
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        yield "qualifications", _("“%(position)s”的产品系列数必须是非负整数。") % {"position": label}


def check_qualifications_cover_bands(rules):
    """Every position a band reaches has its qualification condition."""
    have = {rule.position for rule in rules.qualifications}
    needed = {position_of(band.grade) for band in rules.bands if band.grade in RANKED_GRADES}
    for position in sorted(needed - have, key=POSITION_ORDER.get):
        yield "qualifications", _("缺少“%(position)s”的资格条件。") % {"position": position_label(position)}


def check_pay_table(rules):
    """One row per ranked grade (none for reserve), amounts in money."""
    rows = set()
    for row in rules.pay_table:
        if row.grade == Grade.RESERVE:
            yield "pay_table", _("储备按员工待遇发放，薪资表中不设储备一行。")
            continue
        if row.grade not in RANKED_GRADES:
            yield "pay_table", _("未知的职级代码“%(code)s”。") % {"code": row.grade}
            continue
        if row.grade in rows:
            yield "pay_table", _("职级“%(grade)s”的薪资出现了不止一次。") % {"grade": grade_label(row.grade)}
        rows.add(row.grade)
        if not all(is_money(getattr(row, name)) for name in row.MONEY_FIELDS):
            yield "pay_table", (_("“%(grade)s”的金额必须是不小于 0 的数字，最多两位小数。")
                                % {"grade": grade_label(row.grade)})


def check_pay_table_covers_bands(rules):
    """Every graded band has its row of pay."""
    rows = {row.grade for row in rules.pay_table}
    for band in rules.bands:
        if band.grade in RANKED_GRADES and band.grade not in rows:
            yield "pay_table", _("缺少职级“%(grade)s”的薪资标准。") % {"grade": grade_label(band.grade)}


def check_position_share(rules):
    """The position part of full-time pay is 0–100%."""
    if not _percent(rules.position_share):
        yield "position_share", _("岗位工资占比必须在 0 到 100% 之间。")


def check_working_days(rules):
    """A month has 1–31 paid working days."""
    days = rules.working_days
    if isinstance(days, bool) or not isinstance(days, int) or not (1 <= days <= 31):
        yield "working_days", _("月计薪天数必须是 1 到 31 之间的整数。")


def check_penalty_bands(rules):
    """Failure rates above 0 and up to 100%, rising; fines never falling."""
    previous = None
    for band in rules.penalty_bands:
        if not is_number(band.min_rate) or not (0 < band.min_rate <= HUNDRED):
            yield "penalty_bands", _("不合格率必须大于 0 且不超过 100%。")
            continue
        if not is_money(band.amount):
            yield "penalty_bands", _("处罚金额必须是不小于 0 的数字，最多两位小数。")
            continue
        if previous is not None and band.min_rate <= previous.min_rate:
            yield "penalty_bands", _("处罚档次必须按不合格率从低到高排列，且不能重复。")
        elif previous is not None and band.amount < previous.amount:
            yield "penalty_bands", _("不合格率越高，处罚金额不能越低。")
        previous = band


def check_dealer_daily_fee(rules):
    """The dealer trainees' daily fee is money."""
    if not is_money(rules.dealer_daily_fee):
        yield "dealer_daily_fee", _("培训费必须是不小于 0 的数字，最多两位小数。")


#: Every check, in the order a reader of the scheme's form meets the fields.
CHECKS = (
    check_pass_mark,
    check_bands,
    check_lowest_band,
    check_qualifications,
    check_qualifications_cover_bands,
    check_pay_table,
    check_pay_table_covers_bands,
    check_position_share,
    check_working_days,
    check_penalty_bands,
    check_dealer_daily_fee,
)


def scheme_errors(rules):
    """Problems with ``rules`` as ``{field: [message, …]}``; empty when valid."""
    errors = {}
    for check in CHECKS:
        for field, message in check(rules):
            errors.setdefault(field, []).append(str(message))
    return errors
