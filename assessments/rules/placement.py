"""The placement test 摸底考试's rule: the plan level a score gives.

A plain function of the score and the two thresholds, which are data on the
exam page (defaults: below 60 basic 基础, 60–79.99 intermediate 中级, 80 and
above advanced 高级). Recording and applying the result is
:mod:`assessments.placement_results`."""
from decimal import Decimal

from django.utils.translation import gettext as _

from lms.models import AfterSalesLevel

DEFAULT_INTERMEDIATE_FROM = Decimal("60")
DEFAULT_ADVANCED_FROM = Decimal("80")


def placement_level(score, intermediate_from=DEFAULT_INTERMEDIATE_FROM, advanced_from=DEFAULT_ADVANCED_FROM):
    """The plan level for a placement ``score`` (0–100): ``advanced`` from
    ``advanced_from`` up, ``intermediate`` from ``intermediate_from`` up,
    else ``basic``. Thresholds are inclusive lower bounds."""
    score, intermediate_from, advanced_from = (Decimal(str(v)) for v in (score, intermediate_from, advanced_from))
    if not (Decimal(0) <= score <= Decimal(100)):
        raise ValueError(_("摸底考试成绩须在 0 到 100 之间，收到的是 %(score)s。") % {"score": score})
    if advanced_from < intermediate_from:
        raise ValueError(_("高级分数线不能低于中级分数线。"))
    if score >= advanced_from:
        return AfterSalesLevel.ADVANCED.value
    if score >= intermediate_from:
        return AfterSalesLevel.INTERMEDIATE.value
    return AfterSalesLevel.BASIC.value
