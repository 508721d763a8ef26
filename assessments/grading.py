"""The after-sales grade and pay rules (售后服务人员培训管理办法) as plain functions.

Everything a rule needs comes in as an argument: the two scores, the person's
qualifications, the grade/track, and a :class:`SchemeRules` holding the numbers
HR publishes (grade bands, pass mark, qualification conditions, pay table,
penalty bands, dealer fee). With a ``SchemeRules`` passed in, nothing here
touches the database, a request or the clock.

``scheme=None`` means "the scheme in force today" (or on ``on=``): the thin
loader :func:`resolve_rules` fetches the newest active
:class:`assessments.models.GradingScheme` whose effective date is on or before
that day and turns it into a ``SchemeRules``. A model instance may be passed
too; it is converted the same way.

Money is ``Decimal``, computed exactly and rounded half-up to 0.01 CNY once,
in the returned objects. Scores are ``Decimal`` and never rounded: the bands
are half-open, so 93.99 is still a junior engineer's score.
"""
from __future__ import annotations

import dataclasses
import datetime
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


class Grade(models.TextChoices):
    """职级, lowest first: the order is the career ladder."""

    RESERVE = "reserve", _("储备")
    TECHNICIAN_JUNIOR = "technician_junior", _("初级技工")
    TECHNICIAN_MID = "technician_mid", _("中级技工")
    TECHNICIAN_SENIOR = "technician_senior", _("高级技工")
    ENGINEER_JUNIOR = "engineer_junior", _("初级工程师")
    ENGINEER_MID = "engineer_mid", _("中级工程师")
    ENGINEER_SENIOR = "engineer_senior", _("高级工程师")


class Position(models.TextChoices):
    """职位, lowest first. Technician and engineer each have three grades."""

    RESERVE = "reserve", _("储备")
    TECHNICIAN = "technician", _("技工")
    ENGINEER = "engineer", _("工程师")


class Education(models.TextChoices):
    """学历, lowest first; "X or above" compares positions in this order."""

    JUNIOR_MIDDLE = "junior_middle", _("初中")
    HIGH_SCHOOL = "high_school", _("高中")
    SECONDARY_TECHNICAL = "secondary_technical", _("中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士及以上")


class Track(models.TextChoices):
    """薪资类别: company full-time after-sales staff, or production staff
    held in reserve for after-sales work."""

    FULL_TIME = "full_time", _("专职售后")
    PRODUCTION_RESERVE = "production_reserve", _("生产储备售后")


GRADE_ORDER = {code: rank for rank, code in enumerate(Grade.values)}
POSITION_ORDER = {code: rank for rank, code in enumerate(Position.values)}
EDUCATION_ORDER = {code: rank for rank, code in enumerate(Education.values)}
RANKED_GRADES = [code for code in Grade.values if code != Grade.RESERVE]
RANKED_POSITIONS = [code for code in Position.values if code != Position.RESERVE]


def position_of(grade):
    """The position a grade code belongs to: ``engineer_mid`` → ``engineer``."""
    if grade == Grade.RESERVE:
        return Position.RESERVE.value
    return grade.rsplit("_", 1)[0]


def grade_label(code):
    return str(Grade(code).label) if code in GRADE_ORDER else code


def education_label(code):
    return str(Education(code).label) if code in EDUCATION_ORDER else code


def position_label(code):
    return str(Position(code).label) if code in POSITION_ORDER else code


class SchemeError(ValueError):
    """A scheme's data breaks a rule. ``errors`` maps a field name (``bands``,
    ``pay_table`` …) to a list of Chinese messages, ready for a form."""

    def __init__(self, errors):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__("；".join(m for messages in self.errors.values() for m in messages))


class NoSchemeInForce(LookupError):
    """No active grading scheme has an effective date on or before the day asked."""


# --------------------------------------------------------------------------
# Numbers in, Decimal out
# --------------------------------------------------------------------------


def _fmt(value):
    """A Decimal as people write it: 95, 93.5, 80.005 (no exponent, no trailing zeros)."""
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def to_decimal(value, what):
    """``value`` as a finite Decimal, or ValueError naming ``what``.

    Accepts int, float and Decimal; refuses bool, str, None and anything else
    (a score typed as "90" is a bug upstream, not a number). Floats go through
    their shortest repr, so 0.3 is 0.3 and not 0.29999…"""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(
            _("%(what)s必须是数字，收到的是 %(value)r。") % {"what": what, "value": value}
        )
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(_("%(what)s不能是 NaN 或无穷大。") % {"what": what})
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(_("%(what)s不能是 NaN 或无穷大。") % {"what": what})
        return value
    return Decimal(value)


def _score(value, what):
    number = to_decimal(value, what)
    if number < 0 or number > HUNDRED:
        raise ValueError(
            _("%(what)s必须在 0 到 100 分之间，收到的是 %(value)s。")
            % {"what": what, "value": _fmt(number)}
        )
    return number


def _whole_days(value, what):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            _("%(what)s必须是非负整数，收到的是 %(value)r。") % {"what": what, "value": value}
        )
    if value < 0:
        raise ValueError(
            _("%(what)s不能是负数，收到的是 %(value)s。") % {"what": what, "value": value}
        )
    return value


def cents(value):
    """Round money half-up to 0.01 CNY: the one rounding step, at the edge."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _coerce(value):
    """Let tests and callers write 80 or 2700 for Decimal fields: ints and
    finite floats become Decimal; anything else is left for validation."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value))
    return value


def _coerce_fields(obj, names):
    for name in names:
        object.__setattr__(obj, name, _coerce(getattr(obj, name)))


# --------------------------------------------------------------------------
# The scheme: the numbers HR publishes
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Band:
    """A grade band: a mean score of ``lower_bound`` or more (up to the next
    band's lower bound, exclusive) earns ``grade``."""

    lower_bound: Decimal
    grade: str

    def __post_init__(self):
        _coerce_fields(self, ["lower_bound"])


@dataclasses.dataclass(frozen=True)
class QualificationRule:
    """C原则 for one position.

    The education condition is met by ``min_education`` or above, or, when
    ``alt_education`` is set, by that education or above together with a
    repair certificate (if ``alt_requires_certificate``) and at least
    ``alt_min_years`` of experience (技工: 初中 + 维修资质证书 + 经验). The
    years and product-series minimums apply in every case."""

    position: str
    min_education: str
    min_years: Decimal = ZERO
    min_product_series: int = 0
    alt_education: str = ""
    alt_requires_certificate: bool = False
    alt_min_years: Decimal = ZERO

    def __post_init__(self):
        _coerce_fields(self, ["min_years", "alt_min_years"])


@dataclasses.dataclass(frozen=True)
class PayRow:
    """One grade's row of the pay table (CNY).

    ``full_time_travel_supplement``: extra per travel day for full-time staff
    on top of the company travel standard (engineers 50/100/150; technicians
    get only the company standard, which is outside this system, so 0).
    ``reserve_allowance``: production-reserve technical allowance per month.
    ``reserve_travel_basis``: production-reserve monthly pay basis while
    travelling (÷ working days × travel days).
    ``reserve_travel_subsidy``: production-reserve extra per travel day
    (engineers 50)."""

    grade: str
    full_time_total: Decimal
    full_time_travel_supplement: Decimal = ZERO
    reserve_allowance: Decimal = ZERO
    reserve_travel_basis: Decimal = ZERO
    reserve_travel_subsidy: Decimal = ZERO

    def __post_init__(self):
        _coerce_fields(self, PAY_MONEY_FIELDS)


PAY_MONEY_FIELDS = (
    "full_time_total",
    "full_time_travel_supplement",
    "reserve_allowance",
    "reserve_travel_basis",
    "reserve_travel_subsidy",
)


@dataclasses.dataclass(frozen=True)
class PenaltyBand:
    """A trainer whose trainees' failure rate is ``min_rate`` percent or more
    is fined ``amount`` (the highest band reached applies)."""

    min_rate: Decimal
    amount: Decimal

    def __post_init__(self):
        _coerce_fields(self, ["min_rate", "amount"])


@dataclasses.dataclass(frozen=True)
class SchemeRules:
    """Every number of one version of the grade and pay rules, validated.

    Build it directly in tests, from a model with
    ``GradingScheme.to_rules()``, or from a stored snapshot with
    :meth:`from_dict`. Constructing an invalid one raises :class:`SchemeError`."""

    bands: tuple
    qualifications: tuple
    pay_table: tuple
    penalty_bands: tuple = ()
    pass_mark: Decimal = Decimal(80)
    position_share: Decimal = Decimal(70)
    working_days: int = 22
    dealer_daily_fee: Decimal = Decimal(200)
    label: str = ""
    scheme_id: int | None = None
    effective_date: datetime.date | None = None

    def __post_init__(self):
        for name in ("bands", "qualifications", "pay_table", "penalty_bands"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _coerce_fields(self, ["pass_mark", "position_share", "dealer_daily_fee"])
        errors = self.errors()
        if errors:
            raise SchemeError(errors)

    # -- validation -------------------------------------------------------

    def errors(self):
        """Problems with this scheme as ``{field: [message, …]}``; empty when valid."""
        errors = {}

        def add(field, message, **values):
            errors.setdefault(field, []).append(str(message % values if values else message))

        def money_ok(value):
            return isinstance(value, Decimal) and value.is_finite() and value >= 0 and value == value.quantize(CENT)

        if not _is_number(self.pass_mark) or not (0 < self.pass_mark <= HUNDRED):
            add("pass_mark", _("合格线必须大于 0 且不超过 100 分。"))

        # Grade bands
        if not self.bands:
            add("bands", _("至少需要一个分数段。"))
        previous = None
        seen = set()
        for band in self.bands:
            if band.grade not in GRADE_ORDER:
                add("bands", _("未知的职级代码“%(code)s”。"), code=band.grade)
                continue
            if band.grade == Grade.RESERVE:
                add("bands", _("储备不需要分数段：平均分低于最低分数段即为储备。"))
                continue
            if band.grade in seen:
                add("bands", _("职级“%(grade)s”出现了不止一次。"), grade=grade_label(band.grade))
            seen.add(band.grade)
            if not _is_number(band.lower_bound) or not (0 <= band.lower_bound <= HUNDRED):
                add("bands", _("分数段“%(grade)s”的最低分必须在 0 到 100 之间。"), grade=grade_label(band.grade))
                continue
            if previous is not None:
                if band.lower_bound <= previous.lower_bound:
                    add("bands", _("分数段必须按最低分从低到高排列，且最低分不能重复（“%(grade)s”）。"),
                        grade=grade_label(band.grade))
                elif GRADE_ORDER[band.grade] <= GRADE_ORDER[previous.grade]:
                    add("bands", _("分数越高，职级必须越高（“%(grade)s”排在“%(previous)s”之后）。"),
                        grade=grade_label(band.grade), previous=grade_label(previous.grade))
            previous = band
        if _is_number(self.pass_mark) and self.bands and _is_number(self.bands[0].lower_bound):
            if self.bands[0].lower_bound < self.pass_mark:
                add("bands", _("最低分数段（%(low)s 分）不能低于合格线（%(mark)s 分）。"),
                    low=_fmt(self.bands[0].lower_bound), mark=_fmt(self.pass_mark))

        # Qualification conditions
        positions = set()
        for rule in self.qualifications:
            if rule.position not in RANKED_POSITIONS:
                add("qualifications", _("资格条件的职位必须是技工或工程师，收到“%(code)s”。"), code=rule.position)
                continue
            label = position_label(rule.position)
            if rule.position in positions:
                add("qualifications", _("“%(position)s”的资格条件出现了不止一次。"), position=label)
            positions.add(rule.position)
            if rule.min_education not in EDUCATION_ORDER:
                add("qualifications", _("“%(position)s”的最低学历“%(code)s”不是已知的学历代码。"),
                    position=label, code=rule.min_education)
            if rule.alt_education and rule.alt_education not in EDUCATION_ORDER:
                add("qualifications", _("“%(position)s”的替代学历“%(code)s”不是已知的学历代码。"),
                    position=label, code=rule.alt_education)
            for value in (rule.min_years, rule.alt_min_years):
                if not _is_number(value) or value < 0:
                    add("qualifications", _("“%(position)s”的从业年限不能为负数。"), position=label)
                    break
            if isinstance(rule.min_product_series, bool) or not isinstance(rule.min_product_series, int) \
                    or rule.min_product_series < 0:
                add("qualifications", _("“%(position)s”的产品系列数必须是非负整数。"), position=label)
        for position in sorted({position_of(b.grade) for b in self.bands if b.grade in RANKED_GRADES},
                               key=POSITION_ORDER.get):
            if position not in positions:
                add("qualifications", _("缺少“%(position)s”的资格条件。"), position=position_label(position))

        # Pay table
        rows = set()
        for row in self.pay_table:
            if row.grade not in RANKED_GRADES:
                if row.grade == Grade.RESERVE:
                    add("pay_table", _("储备按员工待遇发放，薪资表中不设储备一行。"))
                else:
                    add("pay_table", _("未知的职级代码“%(code)s”。"), code=row.grade)
                continue
            if row.grade in rows:
                add("pay_table", _("职级“%(grade)s”的薪资出现了不止一次。"), grade=grade_label(row.grade))
            rows.add(row.grade)
            for name in PAY_MONEY_FIELDS:
                if not money_ok(getattr(row, name)):
                    add("pay_table", _("“%(grade)s”的金额必须是不小于 0 的数字，最多两位小数。"),
                        grade=grade_label(row.grade))
                    break
        for band in self.bands:
            if band.grade in RANKED_GRADES and band.grade not in rows:
                add("pay_table", _("缺少职级“%(grade)s”的薪资标准。"), grade=grade_label(band.grade))

        if not _is_number(self.position_share) or not (0 <= self.position_share <= HUNDRED):
            add("position_share", _("岗位工资占比必须在 0 到 100% 之间。"))
        if isinstance(self.working_days, bool) or not isinstance(self.working_days, int) \
                or not (1 <= self.working_days <= 31):
            add("working_days", _("月计薪天数必须是 1 到 31 之间的整数。"))

        # Trainer penalty bands
        previous = None
        for band in self.penalty_bands:
            if not _is_number(band.min_rate) or not (0 < band.min_rate <= HUNDRED):
                add("penalty_bands", _("不合格率必须大于 0 且不超过 100%。"))
                continue
            if not money_ok(band.amount):
                add("penalty_bands", _("处罚金额必须是不小于 0 的数字，最多两位小数。"))
                continue
            if previous is not None:
                if band.min_rate <= previous.min_rate:
                    add("penalty_bands", _("处罚档次必须按不合格率从低到高排列，且不能重复。"))
                elif band.amount < previous.amount:
                    add("penalty_bands", _("不合格率越高，处罚金额不能越低。"))
            previous = band

        if not money_ok(self.dealer_daily_fee):
            add("dealer_daily_fee", _("培训费必须是不小于 0 的数字，最多两位小数。"))
        return errors

    # -- look-ups ---------------------------------------------------------

    def band_for(self, score):
        """The band a mean score falls in, or None below the lowest band."""
        found = None
        for band in self.bands:
            if score >= band.lower_bound:
                found = band
        return found

    def upper_bound(self, band):
        later = [b.lower_bound for b in self.bands if b.lower_bound > band.lower_bound]
        return min(later) if later else None

    def qualification_rule(self, position):
        for rule in self.qualifications:
            if rule.position == position:
                return rule
        return None

    def pay_row(self, grade):
        for row in self.pay_table:
            if row.grade == grade:
                return row
        return None

    # -- snapshots --------------------------------------------------------

    def to_dict(self):
        """A JSON-ready snapshot (Decimals as strings) that :meth:`from_dict` reads back."""
        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, datetime.date):
                return value.isoformat()
            return value

        return {
            "label": self.label,
            "scheme_id": self.scheme_id,
            "effective_date": plain(self.effective_date),
            "pass_mark": plain(self.pass_mark),
            "position_share": plain(self.position_share),
            "working_days": self.working_days,
            "dealer_daily_fee": plain(self.dealer_daily_fee),
            "bands": [{k: plain(v) for k, v in dataclasses.asdict(b).items()} for b in self.bands],
            "qualifications": [{k: plain(v) for k, v in dataclasses.asdict(q).items()} for q in self.qualifications],
            "pay_table": [{k: plain(v) for k, v in dataclasses.asdict(r).items()} for r in self.pay_table],
            "penalty_bands": [{k: plain(v) for k, v in dataclasses.asdict(p).items()} for p in self.penalty_bands],
        }

    @classmethod
    def from_dict(cls, data):
        """Build from plain data (a snapshot, or the rows of a scheme's
        editing form): numbers may be strings, ints or Decimals. Missing or
        non-numeric values become :class:`SchemeError` messages, not crashes."""
        errors = {}

        def number(value, field, what, default=None, integer=False):
            if value in (None, "") and default is not None:
                return int(default) if integer else default
            try:
                if isinstance(value, bool) or value is None:
                    raise InvalidOperation
                result = Decimal(str(value))
                if not result.is_finite():
                    raise InvalidOperation
            except (InvalidOperation, ValueError, TypeError):
                errors.setdefault(field, []).append(
                    str(_("%(what)s必须是数字。") % {"what": what})
                )
                if integer:
                    return int(default if default is not None else 0)
                return default if default is not None else ZERO
            if integer:
                if result != result.to_integral_value():
                    errors.setdefault(field, []).append(str(_("%(what)s必须是整数。") % {"what": what}))
                return int(result)
            return result

        bands = [
            Band(number(b.get("lower_bound"), "bands", _("分数段最低分")), str(b.get("grade") or ""))
            for b in data.get("bands") or []
        ]
        qualifications = [
            QualificationRule(
                position=str(q.get("position") or ""),
                min_education=str(q.get("min_education") or ""),
                min_years=number(q.get("min_years"), "qualifications", _("从业年限"), ZERO),
                min_product_series=number(q.get("min_product_series"), "qualifications", _("产品系列数"),
                                          ZERO, integer=True),
                alt_education=str(q.get("alt_education") or ""),
                alt_requires_certificate=bool(q.get("alt_requires_certificate")),
                alt_min_years=number(q.get("alt_min_years"), "qualifications", _("替代条件从业年限"), ZERO),
            )
            for q in data.get("qualifications") or []
        ]
        pay_table = [
            PayRow(grade=str(r.get("grade") or ""),
                   **{name: number(r.get(name), "pay_table", _("薪资金额"),
                                   None if name == "full_time_total" else ZERO)
                      for name in PAY_MONEY_FIELDS})
            for r in data.get("pay_table") or []
        ]
        penalty_bands = [
            PenaltyBand(number(p.get("min_rate"), "penalty_bands", _("不合格率")),
                        number(p.get("amount"), "penalty_bands", _("处罚金额")))
            for p in data.get("penalty_bands") or []
        ]
        effective = data.get("effective_date")
        if isinstance(effective, str) and effective:
            effective = datetime.date.fromisoformat(effective)
        values = dict(
            bands=bands, qualifications=qualifications, pay_table=pay_table, penalty_bands=penalty_bands,
            pass_mark=number(data.get("pass_mark"), "pass_mark", _("合格线"), Decimal(80)),
            position_share=number(data.get("position_share"), "position_share", _("岗位工资占比"), Decimal(70)),
            working_days=number(data.get("working_days"), "working_days", _("月计薪天数"), Decimal(22), integer=True),
            dealer_daily_fee=number(data.get("dealer_daily_fee"), "dealer_daily_fee", _("培训费"), Decimal(200)),
            label=str(data.get("label") or ""),
            scheme_id=data.get("scheme_id"),
            effective_date=effective or None,
        )
        if errors:
            raise SchemeError(errors)
        return cls(**values)


def _is_number(value):
    return isinstance(value, Decimal) and value.is_finite()


def resolve_rules(scheme=None, *, on=None):
    """The :class:`SchemeRules` to apply.

    ``scheme`` may be a ``SchemeRules`` (returned as is), a
    ``GradingScheme`` model instance (converted), or None: the active scheme
    in force on ``on`` (default: today in the project's time zone) is loaded
    from the database. Raises :class:`NoSchemeInForce` when there is none."""
    if isinstance(scheme, SchemeRules):
        return scheme
    if scheme is None:
        from django.utils import timezone

        from .models import GradingScheme

        day = on or timezone.localdate()
        scheme = GradingScheme.objects.active_on(day)
        if scheme is None:
            raise NoSchemeInForce(
                _("%(day)s 没有已生效的定级与薪资方案。") % {"day": day.isoformat()}
            )
    to_rules = getattr(scheme, "to_rules", None)
    if to_rules is None:
        raise TypeError(_("scheme 必须是 SchemeRules、GradingScheme 或 None。"))
    return to_rules()


# --------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Qualification:
    """What a person brings to the grade decision (C原则).

    ``education``: one of :class:`Education`'s codes (junior_middle,
    high_school, secondary_technical, college, bachelor, master).
    ``product_series``: how many of the company's product series they are
    skilled on. ``years_experience``: years in the trade (int, float or
    Decimal). ``repair_certificate``: holds a repair qualification certificate."""

    education: str
    product_series: int = 0
    years_experience: Decimal | int | float = 0
    repair_certificate: bool = False

    def __post_init__(self):
        if self.education not in EDUCATION_ORDER:
            raise ValueError(
                _("未知的学历代码 %(code)r，可用的代码：%(codes)s。")
                % {"code": self.education, "codes": ", ".join(Education.values)}
            )
        _whole_days(self.product_series, _("熟练掌握的产品系列数"))
        years = to_decimal(self.years_experience, _("从业年限"))
        if years < 0:
            raise ValueError(_("从业年限不能为负数。"))
        object.__setattr__(self, "years_experience", years)
        if not isinstance(self.repair_certificate, bool):
            raise ValueError(_("是否持有维修资质证书必须是 True 或 False。"))


def unmet_conditions(rule, qualification):
    """Why ``qualification`` does not meet ``rule``: a list of Chinese
    sentences, empty when it does."""
    q = qualification
    problems = []
    rank = EDUCATION_ORDER[q.education]
    education_ok = rank >= EDUCATION_ORDER[rule.min_education]
    if not education_ok and rule.alt_education:
        education_ok = (
            rank >= EDUCATION_ORDER[rule.alt_education]
            and (q.repair_certificate or not rule.alt_requires_certificate)
            and q.years_experience >= rule.alt_min_years
        )
        if not education_ok:
            alternative = education_label(rule.alt_education)
            if rule.alt_requires_certificate:
                alternative += str(_("且持有维修资质证书"))
            if rule.alt_min_years:
                alternative += str(_("、从业满 %(years)s 年") % {"years": _fmt(rule.alt_min_years)})
            problems.append(str(
                _("学历为%(education)s，未达到%(required)s及以上，也不满足“%(alternative)s”的替代条件")
                % {"education": education_label(q.education),
                   "required": education_label(rule.min_education), "alternative": alternative}
            ))
    elif not education_ok:
        problems.append(str(
            _("学历为%(education)s，未达到%(required)s及以上")
            % {"education": education_label(q.education), "required": education_label(rule.min_education)}
        ))
    if q.years_experience < rule.min_years:
        problems.append(str(
            _("从业年限 %(years)s 年，少于 %(required)s 年")
            % {"years": _fmt(q.years_experience), "required": _fmt(rule.min_years)}
        ))
    if q.product_series < rule.min_product_series:
        problems.append(str(
            _("熟练掌握的产品系列 %(count)s 个，少于 %(required)s 个")
            % {"count": q.product_series, "required": rule.min_product_series}
        ))
    return problems


def qualified_position(qualification, rules):
    """The highest position whose conditions ``qualification`` meets
    (``reserve`` when none), and the unmet conditions of every position above it."""
    best = Position.RESERVE.value
    unmet = {}
    for position in RANKED_POSITIONS:
        rule = rules.qualification_rule(position)
        if rule is None:
            continue
        problems = unmet_conditions(rule, qualification)
        if problems:
            unmet[position] = problems
        else:
            best = position
    return best, {p: v for p, v in unmet.items() if POSITION_ORDER[p] > POSITION_ORDER[best]}


@dataclasses.dataclass(frozen=True)
class GradeResult:
    """The outcome of :func:`decide_grade`.

    ``grade`` is the decision; ``band_grade`` what the score alone would
    give; ``capped`` whether qualifications lowered it; ``reasons`` says why,
    in Chinese, in the order a reviewer reads it."""

    grade: str
    score: Decimal
    reasons: list
    band_grade: str
    capped: bool
    qualified_position: str
    written: Decimal
    practical: Decimal
    rules: SchemeRules

    @property
    def grade_label(self):
        return grade_label(self.grade)


def decide_grade(written, practical, qualification, scheme=None, *, on=None):
    """定职定级: the grade earned by a written and a practical score.

    The score is the exact mean of the two parts. Either part below the pass
    mark (80) keeps the person ``reserve``. Otherwise the mean's band gives
    the grade (half-open bands: [80,84) technician_junior … [97,100]
    engineer_senior), capped at the top grade of the highest position the
    person's qualifications allow (95 with only technician qualifications →
    technician_senior; no technician qualification → reserve).

    Raises ValueError for scores that are not numbers in 0–100 (str, None,
    bool, NaN and infinity included) and for a ``qualification`` that is not
    a :class:`Qualification`."""
    w = _score(written, _("书面考试成绩"))
    p = _score(practical, _("实操考核成绩"))
    if not isinstance(qualification, Qualification):
        raise ValueError(_("qualification 必须是 Qualification（学历、产品系列数、从业年限、维修资质证书）。"))
    rules = resolve_rules(scheme, on=on)
    score = (w + p) / 2
    reasons = [str(_("平均分 %(score)s 分（书面 %(written)s 分，实操 %(practical)s 分）。")
                   % {"score": _fmt(score), "written": _fmt(w), "practical": _fmt(p)})]
    position, unmet = qualified_position(qualification, rules)

    def result(grade, band_grade, capped=False):
        return GradeResult(grade=grade, score=score, reasons=reasons, band_grade=band_grade,
                           capped=capped, qualified_position=position, written=w, practical=p, rules=rules)

    failed = [(what, value) for what, value in ((_("书面考试"), w), (_("实操考核"), p)) if value < rules.pass_mark]
    for what, value in failed:
        reasons.append(str(_("%(what)s %(value)s 分，低于合格线 %(mark)s 分，不合格。")
                           % {"what": what, "value": _fmt(value), "mark": _fmt(rules.pass_mark)}))
    if failed:
        reasons.append(str(_("两项考核须均达到 %(mark)s 分，定为储备（可补考）。") % {"mark": _fmt(rules.pass_mark)}))
        return result(Grade.RESERVE.value, Grade.RESERVE.value)

    band = rules.band_for(score)
    if band is None:
        reasons.append(str(_("平均分低于最低分数段 %(low)s 分，定为储备。") % {"low": _fmt(rules.bands[0].lower_bound)}))
        return result(Grade.RESERVE.value, Grade.RESERVE.value)
    upper = rules.upper_bound(band)
    interval = (f"[{_fmt(band.lower_bound)}, {_fmt(upper)})" if upper is not None
                else f"[{_fmt(band.lower_bound)}, 100]")
    reasons.append(str(_("平均分落在 %(interval)s 分数段，对应%(grade)s。")
                       % {"interval": interval, "grade": grade_label(band.grade)}))

    band_position = position_of(band.grade)
    if POSITION_ORDER[band_position] <= POSITION_ORDER[position]:
        reasons.append(str(_("满足%(position)s资格条件。") % {"position": position_label(band_position)}))
        return result(band.grade, band.grade)

    for higher in sorted(unmet, key=POSITION_ORDER.get, reverse=True):
        if POSITION_ORDER[higher] <= POSITION_ORDER[band_position]:
            reasons.append(str(_("不满足%(position)s资格条件：%(problems)s。")
                               % {"position": position_label(higher), "problems": "；".join(unmet[higher])}))
    allowed = [b.grade for b in rules.bands
               if POSITION_ORDER[position_of(b.grade)] <= POSITION_ORDER[position]
               and GRADE_ORDER[b.grade] < GRADE_ORDER[band.grade]]
    if not allowed:
        reasons.append(str(_("不满足任何职位的资格条件，定为储备。")))
        return result(Grade.RESERVE.value, band.grade, capped=True)
    capped = max(allowed, key=GRADE_ORDER.get)
    reasons.append(str(_("按资格条件封顶为%(position)s的最高级别：%(grade)s。")
                       % {"position": position_label(position), "grade": grade_label(capped)}))
    return result(capped, band.grade, capped=True)


# --------------------------------------------------------------------------
# Pay
# --------------------------------------------------------------------------


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


def monthly_pay(grade, track, travel_days=0, scheme=None, *, on=None):
    """职级与薪资福利挂钩: a month's pay for ``grade`` on ``track``.

    ``full_time`` (专职): the grade's total splits into ``position`` (70%) and
    ``performance`` (30%, the remainder after rounding the position part, so
    the two always add up to the total); engineers get a travel supplement
    per day on top of the company travel standard (+50/+100/+150).
    ``total`` = position + performance + travel supplement.

    ``production_reserve`` (生产储备): a monthly technical ``allowance`` while
    in the factory, ``travel_pay`` = monthly basis ÷ working days (22) ×
    travel days, and engineers' +50 per travel day.
    ``total`` = allowance + travel_pay + travel supplement; the production-line
    piece rate is paid outside this system.

    Technicians' travel supplement is "company standard" (公司制度规定) in the
    policy: the general travel reimbursement rules, not a grade-specific
    amount, so it is 0 here. ``reserve`` is paid as ordinary staff (员工待遇):
    every part is 0 and ``notes`` says so.

    Raises ValueError for an unknown grade or track and for travel days that
    are not a non-negative whole number."""
    if grade not in GRADE_ORDER:
        raise ValueError(_("未知的职级代码 %(code)r，可用的代码：%(codes)s。")
                         % {"code": grade, "codes": ", ".join(Grade.values)})
    if track not in Track.values:
        raise ValueError(_("未知的薪资类别 %(code)r，可用的类别：%(codes)s。")
                         % {"code": track, "codes": ", ".join(Track.values)})
    days = _whole_days(travel_days, _("出差天数"))
    rules = resolve_rules(scheme, on=on)
    notes = []

    def pay(**parts):
        values = {name: ZERO for name in ("position", "performance", "allowance", "travel_pay",
                                          "travel_supplement_per_day", "travel_supplement", "total")}
        values.update(parts)
        return MonthlyPay(grade=grade, track=track, travel_days=days, notes=notes,
                          **{name: cents(value) for name, value in values.items()})

    if grade == Grade.RESERVE:
        notes.append(str(_("储备职按员工待遇发放，不适用售后职级薪资表。")))
        return pay()
    row = rules.pay_row(grade)
    if row is None:
        raise ValueError(_("当前方案中没有职级“%(grade)s”的薪资标准。") % {"grade": grade_label(grade)})
    is_engineer = position_of(grade) == Position.ENGINEER
    if not is_engineer:
        notes.append(str(_("技工出差补贴按公司差旅制度执行，不在本表计算。")))

    if track == Track.FULL_TIME:
        total = row.full_time_total
        position = cents(total * rules.position_share / HUNDRED)
        performance = total - position
        per_day = row.full_time_travel_supplement
        supplement = per_day * days
        return pay(position=position, performance=performance, travel_supplement_per_day=per_day,
                   travel_supplement=supplement, total=position + performance + supplement)

    notes.append(str(_("产线计件工资不在本系统计算。")))
    travel_pay = row.reserve_travel_basis * days / rules.working_days
    per_day = row.reserve_travel_subsidy
    supplement = per_day * days
    return pay(allowance=row.reserve_allowance, travel_pay=travel_pay,
               travel_supplement_per_day=per_day, travel_supplement=supplement,
               total=row.reserve_allowance + cents(travel_pay) + supplement)


# --------------------------------------------------------------------------
# Trainer accountability and dealer fees
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TrainerPenalty:
    """Outcome of :func:`trainer_penalty`: whether the trainer is held
    responsible (must keep training until the trainees pass) and the fine."""

    failure_rate: Decimal
    responsible: bool
    amount: Decimal
    reason: str


def trainer_penalty(failure_rate, scheme=None, *, on=None):
    """主导培训人责任: the fine for one machine model or training content,
    given the share of trainees who failed as a fraction 0–1 (0.4 = 40%).

    The highest penalty band reached applies (≥50% → 200, ≥40% → 150,
    ≥30% → 50 in the current policy); reaching the lowest band makes the
    trainer responsible. Raises ValueError outside 0–1 or for non-numbers."""
    rate = to_decimal(failure_rate, _("不合格率"))
    if rate < 0 or rate > 1:
        raise ValueError(_("不合格率必须在 0 到 1 之间（0.3 表示 30%%），收到的是 %(value)s。")
                         % {"value": _fmt(rate)})
    rules = resolve_rules(scheme, on=on)
    percent = rate * HUNDRED
    reached = [band for band in rules.penalty_bands if percent >= band.min_rate]
    if not reached:
        return TrainerPenalty(rate, False, cents(ZERO), str(
            _("不合格率 %(rate)s%%，未达到追责标准，不予处罚。") % {"rate": _fmt(percent)}))
    band = reached[-1]
    return TrainerPenalty(rate, True, cents(band.amount), str(
        _("不合格率 %(rate)s%%，达到 %(band)s%%（含）以上，主导培训人须继续培训至合格，处罚 %(amount)s 元。")
        % {"rate": _fmt(percent), "band": _fmt(band.min_rate), "amount": _fmt(band.amount)}))


def dealer_fee(days, scheme=None, *, on=None):
    """委培收费: what an office/dealer trainee who failed and insists on
    continuing owes for ``days`` more days of training (200 CNY/day in the
    current policy). Raises ValueError unless ``days`` is a non-negative int."""
    days = _whole_days(days, _("培训天数"))
    rules = resolve_rules(scheme, on=on)
    return cents(rules.dealer_daily_fee * days)
