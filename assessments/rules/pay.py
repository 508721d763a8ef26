"""职级与薪资福利挂钩: a month's pay for a grade on a pay track."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..terms.money import HUNDRED, ZERO, cents, fmt, half_days, whole_number
from ..terms.vocabulary import GRADE_ORDER, Grade, Position, Track, grade_label, position_of
from .in_force import resolve_rules

PAY_PARTS = ("position", "performance", "allowance", "travel_pay", "travel_supplement_per_day",
             "travel_supplement", "total")


@dataclasses.dataclass(frozen=True)
class MonthlyPay:
    """One month's pay parts (CNY, rounded half-up to 0.01; zero where a part
    does not apply to the track). ``notes`` explains what the system leaves out."""

    grade: str
    track: str
    travel_days: int
    position: Decimal
    performance: Decimal
    allowance: Decimal
    travel_pay: Decimal
    travel_supplement_per_day: Decimal
    travel_supplement: Decimal
    total: Decimal
    notes: list
    #: How each amount was computed, one line per part, for the pay report.
    workings: list = dataclasses.field(default_factory=list)


def monthly_pay(grade, track, travel_days=0, scheme=None, *, on=None, month_working_days=None):
    """职级与薪资福利挂钩: a month's pay for ``grade`` on ``track``.

    ``full_time`` (专职): the grade's total splits into ``position`` (70%) and
    ``performance`` (30%, the remainder after rounding the position part, so
    the two always add up to the total); engineers get a travel supplement
    per day on top of the company travel standard (+50/+100/+150).
    ``total`` = position + performance + travel supplement.

    ``production_reserve`` (生产储备): a monthly technical ``allowance`` while
    in the factory, ``travel_pay`` = monthly basis ÷ working days (22) ×
    travel days, and engineers' +50 per travel day. Travel days come in half
    days (:mod:`.travel`) and never exceed the month's working days
    (``month_working_days``, default the scheme's); a month spent entirely
    travelling earns the travel basis and no in-factory allowance.
    ``total`` = allowance + travel_pay + travel supplement; the production-line
    piece rate is paid outside this system.

    Technicians' travel supplement is "company standard" (公司制度规定) in the
    policy: the general travel reimbursement rules, not a grade-specific
    amount, so it is 0 here. ``reserve`` is paid as ordinary staff (员工待遇):
    every part is 0 and ``notes`` says so.

    ``workings`` says how each amount was computed.

    Raises ValueError for an unknown grade or track and for travel days that
    are not a non-negative multiple of ½."""
    if grade not in GRADE_ORDER:
        raise ValueError(_("未知的职级代码 %(code)r，可用的代码：%(codes)s。")
                         % {"code": grade, "codes": ", ".join(Grade.values)})
    if track not in Track.values:
        raise ValueError(_("未知的薪资类别 %(code)r，可用的类别：%(codes)s。")
                         % {"code": track, "codes": ", ".join(Track.values)})
    days = half_days(travel_days, _("出差天数"))
    rules = resolve_rules(scheme, on=on)
    month_days = (whole_number(month_working_days, _("当月工作日天数")) if month_working_days is not None
                  else rules.working_days)
    notes, workings = [], []
    if days > month_days:
        notes.append(str(_("出差天数 %(days)s 天超过当月工作日 %(month)s 天，按 %(month)s 天计。")
                         % {"days": fmt(days), "month": month_days}))
        days = Decimal(month_days)

    def pay(**parts):
        values = dict.fromkeys(PAY_PARTS, ZERO) | parts
        return MonthlyPay(grade=grade, track=track, travel_days=days, notes=notes, workings=workings,
                          **{name: cents(value) for name, value in values.items()})

    if grade == Grade.RESERVE:
        notes.append(str(_("储备职按员工待遇发放，不适用售后职级薪资表。")))
        return pay()
    row = rules.pay_row(grade)
    if row is None:
        raise ValueError(_("当前方案中没有职级“%(grade)s”的薪资标准。") % {"grade": grade_label(grade)})
    if position_of(grade) != Position.ENGINEER:
        notes.append(str(_("技工出差补贴按公司差旅制度执行，不在本表计算。")))

    if track == Track.FULL_TIME:
        total = row.full_time_total
        position = cents(total * rules.position_share / HUNDRED)
        performance = total - position
        per_day = row.full_time_travel_supplement
        supplement = per_day * days
        workings.extend([
            str(_("岗位工资 = %(total)s × %(share)s%% = %(amount)s") % {
                "total": fmt(total), "share": fmt(rules.position_share), "amount": cents(position)}),
            str(_("绩效工资 = %(total)s − %(position)s = %(amount)s") % {
                "total": fmt(total), "position": cents(position), "amount": cents(performance)}),
            str(_("出差补贴 = %(per_day)s × %(days)s 天 = %(amount)s") % {
                "per_day": fmt(per_day), "days": fmt(days), "amount": cents(supplement)}),
        ])
        return pay(position=position, performance=performance, travel_supplement_per_day=per_day,
                   travel_supplement=supplement, total=position + performance + supplement)

    notes.append(str(_("产线计件工资不在本系统计算。")))
    all_travel = days >= month_days
    allowance = ZERO if all_travel else row.reserve_allowance
    travel_pay = row.reserve_travel_basis * days / rules.working_days
    per_day = row.reserve_travel_subsidy
    supplement = per_day * days
    if all_travel:
        workings.append(str(_("技术津贴 = 0（当月 %(month)s 个工作日全部出差，不在厂）") % {"month": month_days}))
    else:
        workings.append(str(_("技术津贴 = %(amount)s（在厂）") % {"amount": cents(allowance)}))
    workings.extend([
        str(_("出差工资 = %(basis)s ÷ %(working)s × %(days)s 天 = %(amount)s") % {
            "basis": fmt(row.reserve_travel_basis), "working": rules.working_days, "days": fmt(days),
            "amount": cents(travel_pay)}),
        str(_("出差补贴 = %(per_day)s × %(days)s 天 = %(amount)s") % {
            "per_day": fmt(per_day), "days": fmt(days), "amount": cents(supplement)}),
    ])
    return pay(allowance=allowance, travel_pay=travel_pay,
               travel_supplement_per_day=per_day, travel_supplement=supplement,
               total=allowance + cents(travel_pay) + supplement)


def cohort_pay(items, scheme=None, *, on=None, month_working_days=None):
    """:func:`monthly_pay` for a cohort: ``items`` are ``(grade, track,
    travel_days)``; a list of :class:`MonthlyPay` in their order. The rules
    are resolved once and each distinct combination is computed once (a
    cohort of thousands shares a few grades, two tracks and a few travel
    days), so people with the same inputs share one frozen ``MonthlyPay``:
    read it, do not change its lists. Same results and errors as
    :func:`monthly_pay` person by person."""
    rules = resolve_rules(scheme, on=on)
    computed = {}
    result = []
    for grade, track, days in items:
        key = (grade, track, type(days), str(days))
        pay = computed.get(key)
        if pay is None:
            pay = computed[key] = monthly_pay(grade, track, days, rules, month_working_days=month_working_days)
        result.append(pay)
    return result
