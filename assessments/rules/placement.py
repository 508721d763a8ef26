"""The placement test 摸底考试's rule: the position and plan level a score gives.

售后服务人员培训管理办法 四.A: every new after-sales trainee takes the
placement test before their plan table is approved; it places them as
储备 / 技工 / 工程师, which sets the plan: 基础培训计划 (储备), 中级 (技工),
高级 (工程师). The bands are the grade scheme's position bands, data
versioned with the scheme: a position starts at the lowest grade band of
that position (below 80 储备, 80–<90 技工, 90+ 工程师 in the current
scheme). When a practical placement part is held (必要时实际操作), the
placement score is the mean of the written and practical parts.

Plain functions; recording and applying the result is
:mod:`assessments.placement_results`."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lms.models import AfterSalesLevel

from ..terms.money import fmt, to_score
from ..terms.vocabulary import Position, position_of
from .in_force import resolve_rules

#: 储备 → 基础, 技工 → 中级, 工程师 → 高级 (lms.AfterSalesLevel codes).
LEVEL_FOR_POSITION = {
    Position.RESERVE.value: AfterSalesLevel.BASIC.value,
    Position.TECHNICIAN.value: AfterSalesLevel.INTERMEDIATE.value,
    Position.ENGINEER.value: AfterSalesLevel.ADVANCED.value,
}


@dataclasses.dataclass(frozen=True)
class Placement:
    score: Decimal
    position: str
    level: str
    reason: str


def position_bands(rules):
    """``{position: lowest score}`` for the ranked positions, from the
    scheme's grade bands (technician 80, engineer 90 in the current scheme)."""
    bands = {}
    for band in rules.bands:
        position = position_of(band.grade)
        bands[position] = min(bands.get(position, band.lower_bound), band.lower_bound)
    return bands


def placement_score(written, practical=None):
    """The placement score: the written part, or the mean of the written and
    practical parts when a practical part was held."""
    written = to_score(written, _("摸底考试书面成绩"))
    if practical is None:
        return written
    return (written + to_score(practical, _("摸底考试实际操作成绩"))) / 2


def place(written, practical=None, scheme=None, *, on=None):
    """The :class:`Placement` for a placement test's ``written`` score (and
    ``practical`` part, if held), by the position bands of ``scheme`` (default:
    the scheme in force on ``on``). Raises ValueError outside 0–100."""
    score = placement_score(written, practical)
    rules = resolve_rules(scheme, on=on)
    position = Position.RESERVE.value
    for candidate, lowest in sorted(position_bands(rules).items(), key=lambda item: item[1]):
        if score >= lowest:
            position = candidate
    level = LEVEL_FOR_POSITION[position]
    return Placement(score=score, position=position, level=level, reason=str(
        _("摸底成绩 %(score)s 分，按方案“%(scheme)s”的职位分数段定为%(position)s，执行%(plan)s培训计划。")
        % {"score": fmt(score), "scheme": rules.label or "—", "position": Position(position).label,
           "plan": AfterSalesLevel(level).label}))


def placement_level(score, scheme=None, *, on=None):
    """The plan level (``basic``/``intermediate``/``advanced``) for ``score``."""
    return place(score, scheme=scheme, on=on).level
