"""Numbers in, Decimal out: how the rules take scores, days and money.

Scores and money are ``Decimal``; money is rounded half-up to 0.01 CNY once,
at the edge (:func:`cents`). Inputs are checked here so that every rule
refuses a bad number with the same clear Chinese message."""
import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def fmt(value):
    """A Decimal as people write it: 95, 93.5, 80.005 (no exponent, no trailing zeros)."""
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def is_number(value):
    """A finite Decimal (what a validated scheme holds)."""
    return isinstance(value, Decimal) and value.is_finite()


def is_money(value):
    """A finite Decimal, not negative, with at most two decimals."""
    return is_number(value) and value >= 0 and value == value.quantize(CENT)


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


def to_score(value, what):
    """``value`` as a Decimal score in 0–100, or ValueError naming ``what``."""
    number = to_decimal(value, what)
    if number < 0 or number > HUNDRED:
        raise ValueError(
            _("%(what)s必须在 0 到 100 分之间，收到的是 %(value)s。")
            % {"what": what, "value": fmt(number)}
        )
    return number


def whole_number(value, what):
    """``value`` if it is a non-negative int (days, counts), else ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            _("%(what)s必须是非负整数，收到的是 %(value)r。") % {"what": what, "value": value}
        )
    if value < 0:
        raise ValueError(
            _("%(what)s不能是负数，收到的是 %(value)s。") % {"what": what, "value": value}
        )
    return value


def half_days(value, what):
    """``value`` as a non-negative Decimal multiple of ½ (travel days), else
    ValueError naming ``what``. Accepts int and Decimal (not float, not bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(_("%(what)s必须是数字，收到的是 %(value)r。") % {"what": what, "value": value})
    number = Decimal(value)
    if not number.is_finite() or number < 0 or (number * 2) != (number * 2).to_integral_value():
        raise ValueError(_("%(what)s必须是不小于 0 的整天或半天，收到的是 %(value)s。") % {"what": what, "value": value})
    return number


def cents(value):
    """Round money half-up to 0.01 CNY: the one rounding step, at the edge."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def coerce(value):
    """Let tests and callers write 80 or 2700 for Decimal fields: ints and
    finite floats become Decimal; anything else is left for validation."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value))
    return value
