"""The grade and pay roster at scale: one row per person (their latest
confirmed grade), 100 rows a screen, every row in the export, and a fixed
number of queries however many people are graded."""
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import decisions
from assessments.decisions import GradeInput
from tests.assessments.schemes import ENGINEER
from tests.assessments.test_reports import csv_rows, xlsx_rows
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROSTER = "assessments_reports:roster"


@pytest.fixture
def hr(login):
    return login(make_user("hr_roster_t", groups=["人资部"]))


def grade_cohort(n):
    people = [make_user(f"roster_{i:03d}", profile__employee_no=f"R{i:03d}") for i in range(n)]
    hr_user = make_user()
    recorded = decisions.record_decisions([GradeInput(p, Decimal(95), Decimal(93), ENGINEER) for p in people])
    decisions.confirm_decisions(recorded, hr_user)
    return people


@pytest.mark.parametrize("n", [3, 105])
def test_roster_screen_and_export_cost_the_same_queries_for_3_or_105_people(hr, n, django_assert_max_num_queries):
    grade_cohort(n)
    hr.get(reverse(ROSTER))
    with django_assert_max_num_queries(25, info="roster screen"):
        page = hr.get(reverse(ROSTER))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("中级工程师") == min(n, 100)
    with django_assert_max_num_queries(25, info="roster XLSX"):
        rows = xlsx_rows(hr.get(reverse(ROSTER) + "?export=xlsx"))
    assert len(rows) == n + 1


def test_a_regraded_person_has_one_row_with_the_latest_confirmed_grade(hr):
    person = make_user("regraded", profile__employee_no="G001")
    confirmer = make_user()
    first = decisions.record_decision(person, 85, 85, ENGINEER)
    decisions.confirm(first, confirmer)
    second = decisions.record_decision(person, 95, 93, ENGINEER)
    decisions.confirm(second, confirmer)
    decisions.record_decision(person, 99, 99, ENGINEER)  # proposed only: changes nothing
    header, *rows = csv_rows(hr.get(reverse(ROSTER) + "?export=csv"))
    assert [dict(zip(header, r))["职级代码"] for r in rows] == ["engineer_mid"]
