"""定职定级: score bands, the 80-point rule for each part, qualification caps
(C原则), education codes and refused inputs. Pure rules: no database."""
import math
from decimal import Decimal

import pytest

from assessments.rules.grades import decide_grade
from assessments.terms.qualification import Qualification
from tests.assessments.schemes import ENGINEER, TECHNICIAN_ONLY, UNQUALIFIED, spec_rules

# Both parts equal to the edge, so the mean is the edge itself.
EDGES = [
    ("79.99", "reserve"),
    ("80", "technician_junior"),
    ("83.99", "technician_junior"),
    ("84", "technician_mid"),
    ("86.99", "technician_mid"),
    ("87", "technician_senior"),
    ("89.99", "technician_senior"),
    ("90", "engineer_junior"),
    ("93.99", "engineer_junior"),
    ("94", "engineer_mid"),
    ("96.99", "engineer_mid"),
    ("97", "engineer_senior"),
    ("100", "engineer_senior"),
]


@pytest.mark.parametrize("edge, grade", EDGES)
def test_every_band_edge_gives_the_policy_grade(rules, edge, grade):
    result = decide_grade(Decimal(edge), Decimal(edge), ENGINEER, scheme=rules)
    assert result.grade == grade
    assert result.score == Decimal(edge)
    assert result.capped is False


@pytest.mark.parametrize("edge, grade", EDGES)
def test_band_edges_hold_for_float_input_too(rules, edge, grade):
    result = decide_grade(float(edge), float(edge), ENGINEER, scheme=rules)
    assert result.grade == grade
    assert result.score == Decimal(edge)


@pytest.mark.parametrize(
    "written, practical, mean, grade",
    [
        (80, 87.98, "83.99", "technician_junior"),
        (80, 88, "84", "technician_mid"),
        (92, 95.98, "93.99", "engineer_junior"),
        (93, 94, "93.5", "engineer_junior"),  # SPEC: the document's 90–93 is half-open, so 93.5 is junior
        (88, 100, "94", "engineer_mid"),
        (96, 97.99, "96.995", "engineer_mid"),
        (94, 100, "97", "engineer_senior"),
    ],
)
def test_the_mean_of_unequal_parts_decides_the_band_and_is_never_rounded(rules, written, practical, mean, grade):
    result = decide_grade(written, practical, ENGINEER, scheme=rules)
    assert result.score == Decimal(mean)
    assert isinstance(result.score, Decimal)
    assert result.grade == grade


def test_reasons_name_the_score_and_the_band(rules):
    result = decide_grade(95, 95, ENGINEER, scheme=rules)
    assert result.grade == "engineer_mid"
    text = "\n".join(result.reasons)
    assert "平均分 95 分" in text
    assert "[94, 97)" in text
    assert "中级工程师" in text
    assert "满足工程师资格条件" in text
    assert all(isinstance(reason, str) for reason in result.reasons)


def test_the_top_band_is_closed_at_100(rules):
    assert "[97, 100]" in "".join(decide_grade(100, 100, ENGINEER, scheme=rules).reasons)


# Both parts must pass ------------------------------------------------------------


@pytest.mark.parametrize(
    "written, practical, failed_part",
    [(79.99, 100, "书面考试 79.99 分"), (100, 79.99, "实操考核 79.99 分"), (78, 98, "书面考试 78 分")],
)
def test_one_part_below_80_keeps_the_person_reserve_whatever_the_mean(rules, written, practical, failed_part):
    result = decide_grade(written, practical, ENGINEER, scheme=rules)
    assert result.score >= 80  # the mean alone would have passed
    assert result.grade == "reserve"
    assert result.band_grade == "reserve"
    text = "".join(result.reasons)
    assert failed_part in text
    assert "低于合格线 80 分" in text
    assert "储备" in text


def test_both_parts_below_80_are_both_named(rules):
    result = decide_grade(70, 75, ENGINEER, scheme=rules)
    text = "".join(result.reasons)
    assert result.grade == "reserve"
    assert "书面考试 70 分" in text and "实操考核 75 分" in text


def test_exactly_80_in_one_part_passes_it(rules):
    assert decide_grade(80, 100, ENGINEER, scheme=rules).grade == "engineer_junior"


def test_a_scheme_with_a_higher_pass_mark_fails_what_80_would_pass():
    stricter = spec_rules(pass_mark=85, bands=[b for b in spec_rules().bands if b.lower_bound >= 87])
    result = decide_grade(84, 95, ENGINEER, scheme=stricter)
    assert result.grade == "reserve"
    assert "低于合格线 85 分" in "".join(result.reasons)


# Qualification caps (C原则) -------------------------------------------------------


def test_95_with_only_technician_qualifications_is_capped_at_senior_technician(rules):
    result = decide_grade(95, 95, TECHNICIAN_ONLY, scheme=rules)
    assert result.grade == "technician_senior"
    assert result.band_grade == "engineer_mid"
    assert result.capped is True
    assert result.qualified_position == "technician"
    text = "".join(result.reasons)
    assert "不满足工程师资格条件" in text
    assert "学历为高中，未达到中专/技校及以上" in text
    assert "封顶" in text and "高级技工" in text


@pytest.mark.parametrize("score", [90, 93.99, 94, 97, 100])
def test_every_engineer_band_is_capped_for_a_technician(rules, score):
    assert decide_grade(score, score, TECHNICIAN_ONLY, scheme=rules).grade == "technician_senior"


@pytest.mark.parametrize(
    "qualification, unmet",
    [
        (Qualification("secondary_technical", 3, 2.5), "从业年限 2.5 年，少于 3 年"),
        (Qualification("college", 2, 10), "熟练掌握的产品系列 2 个，少于 3 个"),
        (Qualification("high_school", 5, 10, True), "学历为高中，未达到中专/技校及以上"),
    ],
)
def test_each_engineer_condition_on_its_own_caps_the_grade(rules, qualification, unmet):
    result = decide_grade(98, 98, qualification, scheme=rules)
    assert result.grade == "technician_senior"
    assert unmet in "".join(result.reasons)


def test_technician_bands_are_not_capped_for_a_technician(rules):
    result = decide_grade(88, 88, TECHNICIAN_ONLY, scheme=rules)
    assert result.grade == "technician_senior"
    assert result.capped is False


def test_no_technician_qualification_means_reserve_even_with_a_top_score(rules):
    result = decide_grade(100, 100, UNQUALIFIED, scheme=rules)
    assert result.grade == "reserve"
    assert result.band_grade == "engineer_senior"
    assert result.capped is True
    text = "".join(result.reasons)
    assert "熟练掌握的产品系列 1 个，少于 2 个" in text
    assert "不满足任何职位的资格条件" in text


def test_no_technician_qualification_also_caps_a_technician_band(rules):
    assert decide_grade(85, 85, UNQUALIFIED, scheme=rules).grade == "reserve"


def test_junior_middle_with_certificate_and_a_year_qualifies_as_technician(rules):
    person = Qualification("junior_middle", product_series=2, years_experience=1, repair_certificate=True)
    assert decide_grade(85, 85, person, scheme=rules).grade == "technician_mid"
    # ... but never as engineer, whatever the experience
    veteran = Qualification("junior_middle", product_series=5, years_experience=20, repair_certificate=True)
    assert decide_grade(99, 99, veteran, scheme=rules).grade == "technician_senior"


@pytest.mark.parametrize(
    "person, why",
    [
        (Qualification("junior_middle", 2, 5, repair_certificate=False), "维修资质证书"),
        (Qualification("junior_middle", 2, 0.5, repair_certificate=True), "从业满 1 年"),
    ],
)
def test_junior_middle_without_the_alternative_conditions_stays_reserve(rules, person, why):
    result = decide_grade(85, 85, person, scheme=rules)
    assert result.grade == "reserve"
    text = "".join(result.reasons)
    assert "学历为初中，未达到高中及以上" in text
    assert why in text


# Education codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "education, technician, engineer",
    [
        ("junior_middle", False, False),
        ("high_school", True, False),
        ("secondary_technical", True, True),
        ("college", True, True),
        ("bachelor", True, True),
        ("master", True, True),
    ],
)
def test_each_education_code_qualifies_for_what_the_policy_says(rules, education, technician, engineer):
    person = Qualification(education, product_series=3, years_experience=3, repair_certificate=False)
    expected = "engineer_senior" if engineer else "technician_senior" if technician else "reserve"
    assert decide_grade(97, 97, person, scheme=rules).grade == expected


@pytest.mark.parametrize("code", ["phd", "", None, "High_School", "高中", 3])
def test_unknown_education_codes_are_refused(code):
    with pytest.raises(ValueError, match="学历代码"):
        Qualification(code, 2, 1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"product_series": -1}, "产品系列"),
        ({"product_series": 2.5}, "产品系列"),
        ({"product_series": True}, "产品系列"),
        ({"product_series": "2"}, "产品系列"),
        ({"years_experience": -1}, "从业年限"),
        ({"years_experience": float("nan")}, "从业年限"),
        ({"years_experience": "3"}, "从业年限"),
        ({"repair_certificate": "yes"}, "维修资质证书"),
    ],
)
def test_bad_qualification_values_are_refused(kwargs, message):
    values = {"education": "bachelor", "product_series": 3, "years_experience": 3, "repair_certificate": False}
    values.update(kwargs)
    with pytest.raises(ValueError, match=message):
        Qualification(**values)


def test_qualification_must_be_a_qualification(rules):
    with pytest.raises(ValueError, match="Qualification"):
        decide_grade(90, 90, {"education": "bachelor"}, scheme=rules)


# Bad scores --------------------------------------------------------------------------

BAD_SCORES = [
    (float("nan"), "NaN"),
    (Decimal("NaN"), "NaN"),
    (math.inf, "无穷大"),
    (-math.inf, "无穷大"),
    (Decimal("Infinity"), "无穷大"),
    (-1, "0 到 100"),
    (Decimal("-0.01"), "0 到 100"),
    (100.01, "0 到 100"),
    (101, "0 到 100"),
    ("90", "必须是数字"),
    (None, "必须是数字"),
    (True, "必须是数字"),
    (False, "必须是数字"),
    ([90], "必须是数字"),
]


@pytest.mark.parametrize("value, message", BAD_SCORES)
def test_a_bad_written_score_is_refused_with_a_clear_message(rules, value, message):
    with pytest.raises(ValueError, match=message) as error:
        decide_grade(value, 90, ENGINEER, scheme=rules)
    assert "书面考试成绩" in str(error.value)


@pytest.mark.parametrize("value, message", BAD_SCORES)
def test_a_bad_practical_score_is_refused_with_a_clear_message(rules, value, message):
    with pytest.raises(ValueError, match=message) as error:
        decide_grade(90, value, ENGINEER, scheme=rules)
    assert "实操考核成绩" in str(error.value)


def test_bad_scores_are_refused_before_any_scheme_is_looked_up():
    # No database here: a scheme look-up would fail loudly, not with ValueError.
    with pytest.raises(ValueError, match="书面考试成绩"):
        decide_grade("90", 90, ENGINEER)


@pytest.mark.parametrize("value", [0, 0.0, Decimal("0"), 100, 100.0, Decimal("100.00")])
def test_the_ends_of_the_scale_are_accepted(rules, value):
    assert decide_grade(value, value, ENGINEER, scheme=rules).score == Decimal(value)
