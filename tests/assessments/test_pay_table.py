"""职级与薪资福利挂钩: each row of the policy's pay table on both tracks,
travel days, half-up rounding to the cent, trainer penalties, dealer fees
and refused inputs. Expected amounts are written out by hand from SPEC."""
import datetime
from decimal import Decimal

import pytest

from assessments.rules.accountability import continuation_fee, trainer_penalty
from assessments.rules.in_force import resolve_rules
from assessments.rules.pay import monthly_pay
from assessments.terms.scheme import PayRow
from tests.assessments.schemes import spec_rules

D = Decimal
MAY_1 = datetime.date(2027, 5, 1)


def days_later(days):
    """The day on which a period of continued training that began on MAY_1 is ``days`` days long."""
    return MAY_1 + datetime.timedelta(days=days - 1)

# grade, position (70%), performance (30%), full-time total, travel supplement per day
FULL_TIME = [
    ("technician_junior", "1890.00", "810.00", "2700.00", "0.00"),
    ("technician_mid", "1960.00", "840.00", "2800.00", "0.00"),
    ("technician_senior", "2030.00", "870.00", "2900.00", "0.00"),
    ("engineer_junior", "2100.00", "900.00", "3000.00", "50.00"),
    ("engineer_mid", "2240.00", "960.00", "3200.00", "100.00"),
    ("engineer_senior", "2450.00", "1050.00", "3500.00", "150.00"),
]

# grade, allowance, travel pay for 5 days (basis ÷ 22 × 5), subsidy per day, total for 5 travel days
PRODUCTION_RESERVE = [
    ("technician_junior", "50.00", "590.91", "0.00", "640.91"),  # 2600 ÷ 22 × 5 = 590.909…
    ("technician_mid", "80.00", "613.64", "0.00", "693.64"),  # 2700 ÷ 22 × 5 = 613.636…
    ("technician_senior", "120.00", "636.36", "0.00", "756.36"),  # 2800 ÷ 22 × 5 = 636.363…
    ("engineer_junior", "150.00", "659.09", "50.00", "1059.09"),  # + 5 × 50
    ("engineer_mid", "200.00", "681.82", "50.00", "1131.82"),
    ("engineer_senior", "300.00", "727.27", "50.00", "1277.27"),
]


@pytest.mark.parametrize("grade, position, performance, total, per_day", FULL_TIME)
def test_full_time_pay_splits_each_grade_70_30_with_nothing_else(rules, grade, position, performance, total, per_day):
    pay = monthly_pay(grade, "full_time", scheme=rules)
    assert pay.position == D(position)
    assert pay.performance == D(performance)
    assert pay.total == D(total)
    assert pay.travel_supplement_per_day == D(per_day)
    assert pay.travel_supplement == D("0.00")
    assert pay.allowance == pay.travel_pay == D("0.00")


@pytest.mark.parametrize("grade, position, performance, total, per_day", FULL_TIME)
def test_full_time_travel_adds_the_engineers_supplement_per_day(rules, grade, position, performance, total, per_day):
    pay = monthly_pay(grade, "full_time", travel_days=4, scheme=rules)
    assert pay.travel_supplement == D(per_day) * 4
    assert pay.total == D(total) + D(per_day) * 4
    assert pay.position == D(position)  # travel does not move the 70/30 split


def test_full_time_engineer_supplements_are_50_100_150(rules):
    assert [monthly_pay(g, "full_time", 1, scheme=rules).travel_supplement
            for g in ("engineer_junior", "engineer_mid", "engineer_senior")] == [D("50.00"), D("100.00"), D("150.00")]


@pytest.mark.parametrize("grade, allowance, travel_pay, per_day, total", PRODUCTION_RESERVE)
def test_production_reserve_pay_for_five_travel_days(rules, grade, allowance, travel_pay, per_day, total):
    pay = monthly_pay(grade, "production_reserve", travel_days=5, scheme=rules)
    assert pay.allowance == D(allowance)
    assert pay.travel_pay == D(travel_pay)
    assert pay.travel_supplement_per_day == D(per_day)
    assert pay.travel_supplement == D(per_day) * 5
    assert pay.total == D(total)
    assert pay.position == pay.performance == D("0.00")
    assert "计件" in "".join(pay.notes)


@pytest.mark.parametrize("grade, allowance, travel_pay, per_day, total", PRODUCTION_RESERVE)
def test_production_reserve_in_the_factory_gets_only_the_allowance(rules, grade, allowance, travel_pay, per_day, total):
    pay = monthly_pay(grade, "production_reserve", scheme=rules)
    assert pay.total == pay.allowance == D(allowance)
    assert pay.travel_pay == pay.travel_supplement == D("0.00")


@pytest.mark.parametrize("grade, basis", [("technician_junior", "2600.00"), ("engineer_senior", "3200.00")])
def test_travelling_all_22_working_days_pays_the_full_monthly_basis(rules, grade, basis):
    assert monthly_pay(grade, "production_reserve", 22, scheme=rules).travel_pay == D(basis)


def test_technicians_travel_supplement_is_the_company_standard_outside_the_system(rules):
    for track in ("full_time", "production_reserve"):
        pay = monthly_pay("technician_senior", track, travel_days=10, scheme=rules)
        assert pay.travel_supplement_per_day == pay.travel_supplement == D("0.00")
        assert "公司差旅制度" in "".join(pay.notes)


@pytest.mark.parametrize("track", ["full_time", "production_reserve"])
def test_reserve_is_paid_as_ordinary_staff_so_every_part_is_zero(rules, track):
    pay = monthly_pay("reserve", track, travel_days=5, scheme=rules)
    for part in ("position", "performance", "allowance", "travel_pay", "travel_supplement_per_day",
                 "travel_supplement", "total"):
        assert getattr(pay, part) == D("0.00"), part
    assert "员工待遇" in "".join(pay.notes)


# Rounding -----------------------------------------------------------------------


def test_money_is_decimal_to_the_cent(rules):
    pay = monthly_pay("engineer_mid", "production_reserve", 3, scheme=rules)
    for part in ("position", "performance", "allowance", "travel_pay", "travel_supplement", "total"):
        value = getattr(pay, part)
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2


def test_travel_pay_rounds_half_up_not_to_even():
    # 1000.10 ÷ 20 × 1 = 50.005: half-up gives 50.01 (banker's rounding would give 50.00)
    scheme = spec_rules(
        working_days=20,
        pay_table=[PayRow(row.grade, row.full_time_total, row.full_time_travel_supplement, row.reserve_allowance,
                          D("1000.10") if row.grade == "technician_junior" else row.reserve_travel_basis,
                          row.reserve_travel_subsidy) for row in spec_rules().pay_table],
    )
    pay = monthly_pay("technician_junior", "production_reserve", 1, scheme=scheme)
    assert pay.travel_pay == D("50.01")
    assert pay.total == D("100.01")


def test_the_70_percent_part_rounds_half_up_and_the_parts_still_add_up():
    # 2700.75 × 70% = 1890.525 → 1890.53; performance is the rest, so the total stays 2700.75
    scheme = spec_rules(pay_table=[
        PayRow(row.grade, D("2700.75") if row.grade == "technician_junior" else row.full_time_total,
               row.full_time_travel_supplement, row.reserve_allowance, row.reserve_travel_basis,
               row.reserve_travel_subsidy) for row in spec_rules().pay_table
    ])
    pay = monthly_pay("technician_junior", "full_time", scheme=scheme)
    assert pay.position == D("1890.53")
    assert pay.performance == D("810.22")
    assert pay.total == D("2700.75")


@pytest.mark.parametrize("days", range(0, 23))
def test_production_reserve_total_is_always_the_sum_of_its_parts(rules, days):
    pay = monthly_pay("engineer_junior", "production_reserve", days, scheme=rules)
    assert pay.total == pay.allowance + pay.travel_pay + pay.travel_supplement


# Bad inputs -----------------------------------------------------------------------


@pytest.mark.parametrize("grade", ["senior", "", None, "Engineer_mid", "engineer", 3])
def test_unknown_grades_are_refused(rules, grade):
    with pytest.raises(ValueError, match="职级代码"):
        monthly_pay(grade, "full_time", scheme=rules)


@pytest.mark.parametrize("track", ["part_time", "", None, "FULL_TIME", "专职"])
def test_unknown_tracks_are_refused(rules, track):
    with pytest.raises(ValueError, match="薪资类别"):
        monthly_pay("engineer_mid", track, scheme=rules)


@pytest.mark.parametrize("days", [-1, 2.5, 2.0, "3", True, None, D("2.25"), D("-0.5")])
def test_travel_days_must_be_non_negative_whole_or_half_days(rules, days):
    with pytest.raises(ValueError, match="出差天数"):
        monthly_pay("engineer_mid", "production_reserve", days, scheme=rules)


def test_a_grade_missing_from_the_scheme_is_an_error_not_zero_pay():
    technicians_only = spec_rules(
        bands=[b for b in spec_rules().bands if b.grade.startswith("technician")],
        pay_table=[r for r in spec_rules().pay_table if r.grade.startswith("technician")],
    )
    with pytest.raises(ValueError, match="没有职级“高级工程师”的薪资标准"):
        monthly_pay("engineer_senior", "full_time", scheme=technicians_only)


# Trainer accountability and dealer fees ---------------------------------------------


@pytest.mark.parametrize(
    "rate, responsible, amount",
    [
        (0, False, "0.00"),
        (0.29, False, "0.00"),
        (D("0.2999"), False, "0.00"),
        (0.3, True, "50.00"),  # a float 0.3 is 30%, not 29.999…%
        (0.39, True, "50.00"),
        (0.4, True, "150.00"),
        (0.49, True, "150.00"),
        (0.5, True, "200.00"),
        (2 / 3, True, "200.00"),
        (1, True, "200.00"),
    ],
)
def test_trainer_penalty_bands(rules, rate, responsible, amount):
    penalty = trainer_penalty(rate, scheme=rules)
    assert penalty.responsible is responsible
    assert penalty.amount == D(amount)
    assert ("处罚" in penalty.reason) and (("不予处罚" in penalty.reason) is not responsible)


@pytest.mark.parametrize("rate", [-0.1, 1.01, 30, "0.3", None, True, float("nan")])
def test_trainer_penalty_refuses_rates_outside_0_to_1(rules, rate):
    with pytest.raises(ValueError, match="不合格率"):
        trainer_penalty(rate, scheme=rules)


@pytest.mark.parametrize("days, fee", [(0, "0.00"), (1, "200.00"), (7, "1400.00")])
def test_dealer_trainee_pays_200_per_day_of_continued_training(rules, days, fee):
    assert continuation_fee(MAY_1, None, rules.dealer_daily_fee, today=days_later(days)).fee == D(fee)


@pytest.mark.parametrize("started_on", [-1, 1.5, True, "2", None])
def test_dealer_fee_period_must_start_on_a_date(rules, started_on):
    with pytest.raises(ValueError, match="日期"):
        continuation_fee(started_on, None, rules.dealer_daily_fee, today=MAY_1)


# The seeded scheme in the database -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("grade, position, performance, total, per_day", FULL_TIME)
def test_the_seeded_scheme_pays_the_full_time_table(grade, position, performance, total, per_day):
    pay = monthly_pay(grade, "full_time", travel_days=2)  # scheme=None: the active scheme for today
    assert (pay.position, pay.performance) == (D(position), D(performance))
    assert pay.total == D(total) + 2 * D(per_day)


@pytest.mark.django_db
@pytest.mark.parametrize("grade, allowance, travel_pay, per_day, total", PRODUCTION_RESERVE)
def test_the_seeded_scheme_pays_the_production_reserve_table(grade, allowance, travel_pay, per_day, total):
    pay = monthly_pay(grade, "production_reserve", travel_days=5)
    assert (pay.allowance, pay.travel_pay, pay.total) == (D(allowance), D(travel_pay), D(total))


@pytest.mark.django_db
def test_the_seeded_scheme_has_the_penalty_bands_and_dealer_fee():
    assert trainer_penalty(0.45).amount == D("150.00")
    assert continuation_fee(MAY_1, None, resolve_rules().dealer_daily_fee, today=days_later(3)).fee == D("600.00")
