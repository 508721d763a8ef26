"""What a person brings to the grade decision (C原则): their education,
product series, years in the trade and repair certificate, as one checked
value. HR keeps it per person (:class:`assessments.models.QualificationRecord`);
:func:`assessments.rules.grades.decide_grade` weighs it against a scheme."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .money import to_decimal, whole_number
from .vocabulary import EDUCATION_ORDER, Education


@dataclasses.dataclass(frozen=True)
class Qualification:
    """What a person brings to the grade decision (C原则).

    ``education``: one of :class:`~.vocabulary.Education`'s codes (junior_middle,
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
        whole_number(self.product_series, _("熟练掌握的产品系列数"))
        years = to_decimal(self.years_experience, _("从业年限"))
        if years < 0:
            raise ValueError(_("从业年限不能为负数。"))
        object.__setattr__(self, "years_experience", years)
        if not isinstance(self.repair_certificate, bool):
            raise ValueError(_("是否持有维修资质证书必须是 True 或 False。"))
