"""Production-reserve pay by the document's own rules: travel days in half
days (004: "出发时间≤12:00的，出差天数为1天，反之为半天。到达时间>12:00的，
出差天数为1天，反之为半天。"), never more than the month's working days, and
(003 五.C/D) "在厂拿产线计件工资+技术津贴；出差工资……按月薪计算(除22天*实际出差天数)".
"""
import datetime
from decimal import Decimal

import pytest

from assessments.rules.pay import monthly_pay
from assessments.rules.travel import Trip, travel_days_in_month, trip_days

D = Decimal


def at(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute)


def test_departure_at_13_00_and_arrival_at_11_00_count_one_day():
    assert trip_days(Trip(at(2, 13), at(3, 11))) == D("1")


@pytest.mark.parametrize("departure, arrival, days", [
    (at(2, 12), at(3, 12, 1), D("2")),      # ≤ 12:00 out, > 12:00 back: a whole day each
    (at(2, 12, 1), at(3, 12), D("1")),      # just after noon out, noon back: half each
    (at(2, 8), at(5, 9), D("3.5")),         # 1 + 1 + 1 + ½
    (at(2, 8), at(2, 18), D("1")),          # out and back on one day: that day once
])
def test_the_noon_line_decides_whole_and_half_days(departure, arrival, days):
    assert trip_days(Trip(departure, arrival)) == days


def test_a_trip_over_the_month_end_counts_each_day_in_its_month():
    trip = Trip(datetime.datetime(2026, 3, 31, 8), datetime.datetime(2026, 4, 1, 10))
    assert travel_days_in_month([trip], 2026, 3) == D("1")
    assert travel_days_in_month([trip], 2026, 4) == D("0.5")


def test_arriving_before_leaving_is_refused():
    with pytest.raises(ValueError, match="到达时间"):
        trip_days(Trip(at(3, 9), at(2, 9)))


def test_a_22_day_all_travel_month_pays_the_travel_basis_and_no_allowance(rules):
    pay = monthly_pay("engineer_junior", "production_reserve", 22, scheme=rules)
    assert pay.allowance == D("0.00")
    assert pay.travel_pay == D("2900.00")                  # 2900 ÷ 22 × 22
    assert pay.travel_supplement == D("1100.00")           # engineers +50/day
    assert pay.total == D("4000.00")
    assert any("全部出差" in line for line in pay.workings)


def test_travel_days_never_exceed_the_months_working_days(rules):
    pay = monthly_pay("technician_mid", "production_reserve", D("23.5"), scheme=rules, month_working_days=21)
    assert pay.travel_days == D("21") and pay.allowance == D("0.00")
    assert pay.travel_pay == D("2577.27")                  # 2700 ÷ 22 × 21
    assert any("超过当月工作日" in note for note in pay.notes)


def test_half_days_are_paid_and_the_workings_show_the_sums(rules):
    pay = monthly_pay("technician_junior", "production_reserve", D("1.5"), scheme=rules)
    assert pay.allowance == D("50.00")                     # still in the factory most of the month
    assert pay.travel_pay == D("177.27")                   # 2600 ÷ 22 × 1.5 = 177.2727…
    assert "出差工资 = 2600 ÷ 22 × 1.5 天 = 177.27" in pay.workings
