"""A practical exam panel's result 实操考核成绩 (售后服务人员培训管理办法
五.3.D.2, 六.B: "由技术、工程、品管、售后、生产等部门共同进行评分"), as a plain
function of the examiners' scores (each sheet's total on a 0–100 scale,
:attr:`assessments.models.ScoreSheet.score`) and the departments they score for.

The five departments score *together*: until each has scored the result
does not stand (:class:`PanelIncomplete` names the missing ones). Several
examiners of one department are averaged within it first, so a department
counts once; the score is the mean over the departments. The spread flag
compares every examiner's score, so a disagreement inside one department
is flagged too."""
from __future__ import annotations

import dataclasses
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext_lazy as _

from ..terms.money import HUNDRED, to_decimal

SCORE_PLACES = Decimal("0.01")


class PanelIncomplete(ValueError):
    """Not every required department has scored; ``missing`` holds their
    codes in the required order, the message their names."""

    def __init__(self, missing, names=None):
        self.missing = tuple(missing)
        names = names or {}
        self.names = tuple(str(names.get(code, code)) for code in self.missing)
        super().__init__(_("技术、工程、品管、售后、生产五个部门须全部评分后考核成绩方可确定，尚未评分的部门：%(missing)s。")
                         % {"missing": "、".join(self.names)})


@dataclasses.dataclass(frozen=True)
class PanelResult:
    """The panel's result. ``score`` and ``spread`` are truncated (never
    rounded up) to 0.01, so a rounded score never passes where the exact
    mean fails; ``flagged`` compares the exact spread. ``by_department``
    maps each department code to its (exact) mean."""

    score: Decimal
    spread: Decimal
    flagged: bool
    passed: bool
    scores: tuple
    by_department: dict = dataclasses.field(default_factory=dict)


def panel_result(sheets, *, departments, pass_mark, spread_threshold, names=None):
    """实操考核成绩 from ``sheets``, pairs ``(department code, normalised
    score 0–100)``: each department's examiners are averaged first, then the
    departments; every one of ``departments`` must have scored, else
    :class:`PanelIncomplete` (its message uses ``names``, code → name). A
    spread (max − min over all examiners) of ``spread_threshold`` or more is
    flagged for HR; below ``pass_mark`` fails. Raises ValueError for an
    empty panel or scores outside 0–100."""
    pairs = [(code, to_decimal(score, _("考评成绩"))) for code, score in sheets]
    if not pairs:
        raise ValueError(_("考评小组还没有任何评分。"))
    for _code, value in pairs:
        if value < 0 or value > HUNDRED:
            raise ValueError(_("考评成绩必须在 0 到 100 分之间。"))
    grouped = {}
    for code, value in pairs:
        grouped.setdefault(code, []).append(value)
    missing = [code for code in departments if code not in grouped]
    if missing:
        raise PanelIncomplete(missing, names)
    by_department = {code: sum(values, Decimal(0)) / len(values) for code, values in grouped.items()}
    mark, threshold = to_decimal(pass_mark, _("合格线")), to_decimal(spread_threshold, _("分差提示线"))
    mean = sum(by_department.values(), Decimal(0)) / len(by_department)
    values = tuple(value for _code, value in pairs)
    spread = max(values) - min(values)
    return PanelResult(
        score=mean.quantize(SCORE_PLACES, rounding=ROUND_DOWN),
        spread=spread.quantize(SCORE_PLACES, rounding=ROUND_DOWN),
        flagged=spread >= threshold,
        passed=mean >= mark,
        scores=values,
        by_department=by_department,
    )
