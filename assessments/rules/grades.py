"""定职定级: the grade a written and a practical score earn under a scheme,
capped by the positions a person's qualifications allow (C原则)."""
from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal

from django.utils.translation import get_language, gettext

from ..terms.money import fmt, to_score
from ..terms.qualification import Qualification
from ..terms.scheme import SchemeRules
from ..terms.vocabulary import (
    EDUCATION_ORDER,
    GRADE_ORDER,
    POSITION_ORDER,
    RANKED_POSITIONS,
    Grade,
    Position,
    education_label,
    grade_label,
    position_label,
    position_of,
)
from .in_force import resolve_rules


@functools.lru_cache(maxsize=512)
def _translated(message, language):
    return gettext(message)


def _(message):
    """The message in the active language, looked up once per language (a
    cohort's record writes eight reasons a person, and each lookup walks
    every catalogue before it falls back to the Chinese source)."""
    return _translated(message, get_language())


def translator():
    """``_`` with the active language looked up once, for one decision
    (each lookup of the language costs more than the cached message)."""
    language = get_language()
    return lambda message: _translated(message, language)


def unmet_conditions(rule, qualification, tr=None):
    """Why ``qualification`` does not meet ``rule``: a list of Chinese
    sentences, empty when it does. ``tr`` translates (default: ``_``)."""
    tr = tr or _
    q = qualification
    problems = []
    education = _education_problem(rule, q, tr)
    if education:
        problems.append(education)
    if q.years_experience < rule.min_years:
        problems.append(str(
            tr("从业年限 %(years)s 年，少于 %(required)s 年")
            % {"years": fmt(q.years_experience), "required": fmt(rule.min_years)}
        ))
    if q.product_series < rule.min_product_series:
        problems.append(str(
            tr("熟练掌握的产品系列 %(count)s 个，少于 %(required)s 个")
            % {"count": q.product_series, "required": rule.min_product_series}
        ))
    return problems


def _education_problem(rule, q, tr):
    """Why ``q``'s education meets neither ``rule``'s minimum nor its alternative, or ""."""
    rank = EDUCATION_ORDER[q.education]
    if rank >= EDUCATION_ORDER[rule.min_education]:
        return ""
    if not rule.alt_education:
        return str(
            tr("学历为%(education)s，未达到%(required)s及以上")
            % {"education": education_label(q.education), "required": education_label(rule.min_education)}
        )
    if (rank >= EDUCATION_ORDER[rule.alt_education]
            and (q.repair_certificate or not rule.alt_requires_certificate)
            and q.years_experience >= rule.alt_min_years):
        return ""
    alternative = education_label(rule.alt_education)
    if rule.alt_requires_certificate:
        alternative += str(tr("且持有维修资质证书"))
    if rule.alt_min_years:
        alternative += str(tr("、从业满 %(years)s 年") % {"years": fmt(rule.alt_min_years)})
    return str(
        tr("学历为%(education)s，未达到%(required)s及以上，也不满足“%(alternative)s”的替代条件")
        % {"education": education_label(q.education),
           "required": education_label(rule.min_education), "alternative": alternative}
    )


def qualified_position(qualification, rules, tr=None):
    """The highest position whose conditions ``qualification`` meets
    (``reserve`` when none), and the unmet conditions of every position above it."""
    best = Position.RESERVE.value
    unmet = {}
    for position in RANKED_POSITIONS:
        rule = rules.qualification_rule(position)
        if rule is None:
            continue
        problems = unmet_conditions(rule, qualification, tr)
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
    a :class:`~assessments.terms.qualification.Qualification`."""
    tr = translator()
    w = to_score(written, tr("书面考试成绩"))
    p = to_score(practical, tr("实操考核成绩"))
    if not isinstance(qualification, Qualification):
        raise ValueError(tr("qualification 必须是 Qualification（学历、产品系列数、从业年限、维修资质证书）。"))
    rules = resolve_rules(scheme, on=on)
    score = (w + p) / 2
    reasons = [str(tr("平均分 %(score)s 分（书面 %(written)s 分，实操 %(practical)s 分）。")
                   % {"score": fmt(score), "written": fmt(w), "practical": fmt(p)})]
    position, unmet = qualified_position(qualification, rules, tr)

    def result(grade, band_grade, capped=False):
        return GradeResult(grade=grade, score=score, reasons=reasons, band_grade=band_grade,
                           capped=capped, qualified_position=position, written=w, practical=p, rules=rules)

    failed = [(what, value) for what, value in ((tr("书面考试"), w), (tr("实操考核"), p)) if value < rules.pass_mark]
    for what, value in failed:
        reasons.append(str(tr("%(what)s %(value)s 分，低于合格线 %(mark)s 分，不合格。")
                           % {"what": what, "value": fmt(value), "mark": fmt(rules.pass_mark)}))
    if failed:
        reasons.append(str(tr("两项考核须均达到 %(mark)s 分，定为储备（可补考）。") % {"mark": fmt(rules.pass_mark)}))
        return result(Grade.RESERVE.value, Grade.RESERVE.value)

    band = rules.band_for(score)
    if band is None:
        reasons.append(str(tr("平均分低于最低分数段 %(low)s 分，定为储备。") % {"low": fmt(rules.bands[0].lower_bound)}))
        return result(Grade.RESERVE.value, Grade.RESERVE.value)
    upper = rules.upper_bound(band)
    interval = (f"[{fmt(band.lower_bound)}, {fmt(upper)})" if upper is not None
                else f"[{fmt(band.lower_bound)}, 100]")
    reasons.append(str(tr("平均分落在 %(interval)s 分数段，对应%(grade)s。")
                       % {"interval": interval, "grade": grade_label(band.grade)}))

    band_position = position_of(band.grade)
    if POSITION_ORDER[band_position] <= POSITION_ORDER[position]:
        reasons.append(str(tr("满足%(position)s资格条件。") % {"position": position_label(band_position)}))
        return result(band.grade, band.grade)

    for higher in sorted(unmet, key=POSITION_ORDER.get, reverse=True):
        if POSITION_ORDER[higher] <= POSITION_ORDER[band_position]:
            reasons.append(str(tr("不满足%(position)s资格条件：%(problems)s。")
                               % {"position": position_label(higher), "problems": "；".join(unmet[higher])}))
    capped = _capped_grade(rules, band, position)
    if capped is None:
        reasons.append(str(tr("不满足任何职位的资格条件，定为储备。")))
        return result(Grade.RESERVE.value, band.grade, capped=True)
    reasons.append(str(tr("按资格条件封顶为%(position)s的最高级别：%(grade)s。")
                       % {"position": position_label(position), "grade": grade_label(capped)}))
    return result(capped, band.grade, capped=True)


def _capped_grade(rules, band, position):
    """The highest banded grade below ``band`` that ``position`` allows, or None."""
    allowed = [b.grade for b in rules.bands
               if POSITION_ORDER[position_of(b.grade)] <= POSITION_ORDER[position]
               and GRADE_ORDER[b.grade] < GRADE_ORDER[band.grade]]
    return max(allowed, key=GRADE_ORDER.get) if allowed else None


def reproduce(decision):
    """Decide a recorded :class:`~assessments.models.GradeDecision` again,
    with its stored inputs and its rules snapshot: the same grade, years later."""
    return decide_grade(decision.written_score, decision.practical_score, decision.qualification,
                        scheme=decision.scheme_rules())
