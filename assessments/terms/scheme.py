"""The scheme: the numbers HR publishes, as one validated value.

:class:`SchemeRules` holds every number of one version of the grade and pay
rules (grade bands, qualification conditions, pay table, penalty bands, pass
mark, pay split, working days, dealer fee). It is built in tests directly,
from a :class:`assessments.models.GradingScheme` (``to_rules()``), or from a
stored snapshot (:meth:`SchemeRules.from_dict`); an invalid one raises
:class:`SchemeError` with the problems :mod:`.scheme_checks` finds.
"""
from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from .money import ZERO, coerce
from .scheme_checks import scheme_errors


class SchemeError(ValueError):
    """A scheme's data breaks a rule. ``errors`` maps a field name (``bands``,
    ``pay_table`` …) to a list of Chinese messages, ready for a form."""

    def __init__(self, errors):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__("；".join(m for messages in self.errors.values() for m in messages))


class NoSchemeInForce(LookupError):
    """No active grading scheme has an effective date on or before the day asked."""


def _coerce_fields(obj, names):
    for name in names:
        object.__setattr__(obj, name, coerce(getattr(obj, name)))


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

    MONEY_FIELDS: ClassVar[tuple] = (
        "full_time_total",
        "full_time_travel_supplement",
        "reserve_allowance",
        "reserve_travel_basis",
        "reserve_travel_subsidy",
    )

    grade: str
    full_time_total: Decimal
    full_time_travel_supplement: Decimal = ZERO
    reserve_allowance: Decimal = ZERO
    reserve_travel_basis: Decimal = ZERO
    reserve_travel_subsidy: Decimal = ZERO

    def __post_init__(self):
        _coerce_fields(self, self.MONEY_FIELDS)


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

    def errors(self):
        """Problems with this scheme as ``{field: [message, …]}``; empty when
        valid (the checks are in :mod:`.scheme_checks`)."""
        return scheme_errors(self)

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
        def rows(items):
            return [{k: _plain(v) for k, v in dataclasses.asdict(item).items()} for item in items]

        return {
            "label": self.label,
            "scheme_id": self.scheme_id,
            "effective_date": _plain(self.effective_date),
            "pass_mark": _plain(self.pass_mark),
            "position_share": _plain(self.position_share),
            "working_days": self.working_days,
            "dealer_daily_fee": _plain(self.dealer_daily_fee),
            "bands": rows(self.bands),
            "qualifications": rows(self.qualifications),
            "pay_table": rows(self.pay_table),
            "penalty_bands": rows(self.penalty_bands),
        }

    @classmethod
    def from_dict(cls, data):
        """Build from plain data (a snapshot, or the rows of a scheme's
        editing form): numbers may be strings, ints or Decimals. Missing or
        non-numeric values become :class:`SchemeError` messages, not crashes."""
        read = _NumberReader()
        values = dict(
            bands=[_band_from(row, read) for row in data.get("bands") or []],
            qualifications=[_qualification_rule_from(row, read) for row in data.get("qualifications") or []],
            pay_table=[_pay_row_from(row, read) for row in data.get("pay_table") or []],
            penalty_bands=[_penalty_band_from(row, read) for row in data.get("penalty_bands") or []],
            pass_mark=read.number(data.get("pass_mark"), "pass_mark", _("合格线"), Decimal(80)),
            position_share=read.number(data.get("position_share"), "position_share", _("岗位工资占比"), Decimal(70)),
            working_days=read.number(data.get("working_days"), "working_days", _("月计薪天数"), Decimal(22),
                                     integer=True),
            dealer_daily_fee=read.number(data.get("dealer_daily_fee"), "dealer_daily_fee", _("培训费"), Decimal(200)),
            label=str(data.get("label") or ""),
            scheme_id=data.get("scheme_id"),
            effective_date=_date_from(data.get("effective_date")),
        )
        if read.errors:
            raise SchemeError(read.errors)
        return cls(**values)


def _band_from(row, read):
    return Band(read.number(row.get("lower_bound"), "bands", _("分数段最低分")), str(row.get("grade") or ""))


def _qualification_rule_from(row, read):
    return QualificationRule(
        position=str(row.get("position") or ""),
        min_education=str(row.get("min_education") or ""),
        min_years=read.number(row.get("min_years"), "qualifications", _("从业年限"), ZERO),
        min_product_series=read.number(row.get("min_product_series"), "qualifications", _("产品系列数"), ZERO,
                                       integer=True),
        alt_education=str(row.get("alt_education") or ""),
        alt_requires_certificate=bool(row.get("alt_requires_certificate")),
        alt_min_years=read.number(row.get("alt_min_years"), "qualifications", _("替代条件从业年限"), ZERO),
    )


def _pay_row_from(row, read):
    """Every amount but the full-time total may be left empty (0)."""
    amounts = {name: read.number(row.get(name), "pay_table", _("薪资金额"),
                                 None if name == "full_time_total" else ZERO)
               for name in PayRow.MONEY_FIELDS}
    return PayRow(grade=str(row.get("grade") or ""), **amounts)


def _penalty_band_from(row, read):
    return PenaltyBand(read.number(row.get("min_rate"), "penalty_bands", _("不合格率")),
                       read.number(row.get("amount"), "penalty_bands", _("处罚金额")))


def _date_from(value):
    if isinstance(value, str) and value:
        return datetime.date.fromisoformat(value)
    return value or None


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _NumberReader:
    """Reads the numbers of plain scheme data, collecting what is wrong with
    them (``errors``, by field) instead of stopping at the first."""

    def __init__(self):
        self.errors = {}

    def number(self, value, field, what, default=None, integer=False):
        """``value`` as a Decimal (an int with ``integer``); ``default`` when
        it is empty; a recorded error and a stand-in when it is no number."""
        if value in (None, "") and default is not None:
            return int(default) if integer else default
        try:
            if isinstance(value, bool) or value is None:
                raise InvalidOperation
            result = Decimal(str(value))
            if not result.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            self.errors.setdefault(field, []).append(str(_("%(what)s必须是数字。") % {"what": what}))
            if integer:
                return int(default if default is not None else 0)
            return default if default is not None else ZERO
        if integer:
            if result != result.to_integral_value():
                self.errors.setdefault(field, []).append(str(_("%(what)s必须是整数。") % {"what": what}))
            return int(result)
        return result
