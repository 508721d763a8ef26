"""A practical exam panel's result 实操考核成绩, as a plain function of the
examiners' scores (each sheet's total on a 0–100 scale,
:attr:`assessments.models.ScoreSheet.score`): the mean, the spread and the verdict."""
from __future__ import annotations

import dataclasses
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext_lazy as _

from ..terms.money import HUNDRED, to_decimal

SCORE_PLACES = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class PanelResult:
    """The panel's result. ``score`` and ``spread`` are truncated (never
    rounded up) to 0.01, so a rounded score never passes where the exact
    mean fails; ``flagged`` compares the exact spread."""

    score: Decimal
    spread: Decimal
    flagged: bool
    passed: bool
    scores: tuple


def panel_result(scores, *, pass_mark, spread_threshold):
    """实操考核成绩: the mean of the examiners' normalised ``scores``
    (0–100 each); a spread (max − min) of ``spread_threshold`` or more is
    flagged for HR; below ``pass_mark`` fails. Raises ValueError for an
    empty panel or scores outside 0–100."""
    values = tuple(to_decimal(s, _("考评成绩")) for s in scores)
    if not values:
        raise ValueError(_("考评小组还没有任何评分。"))
    for value in values:
        if value < 0 or value > HUNDRED:
            raise ValueError(_("考评成绩必须在 0 到 100 分之间。"))
    mark, threshold = to_decimal(pass_mark, _("合格线")), to_decimal(spread_threshold, _("分差提示线"))
    mean = sum(values, Decimal(0)) / len(values)
    spread = max(values) - min(values)
    return PanelResult(
        score=mean.quantize(SCORE_PLACES, rounding=ROUND_DOWN),
        spread=spread.quantize(SCORE_PLACES, rounding=ROUND_DOWN),
        flagged=spread >= threshold,
        passed=mean >= mark,
        scores=values,
    )
