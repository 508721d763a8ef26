"""The grade and pay roster at scale: one row per person (their latest
confirmed grade), 100 rows a screen, every row in the export, and a fixed
number of queries however many people are graded."""
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import decisions
from assessments.admin.reports import RosterRows, roster_rows
from assessments.decisions import GradeInput
from people.models import Department
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


def test_the_roster_is_in_department_employee_number_and_username_order_page_by_page(
    hr, django_assert_max_num_queries
):
    """The database orders the roster as Python's sorted() ordered it before
    (characters compared by code point, no profile or department first),
    and a page reads only its own rows."""
    confirmer = make_user()
    sales, tech = Department.objects.create(name="售后部", code="shouhou"), Department.objects.create(
        name="Tech", code="tech")
    people = [
        make_user("zz_no_profile_no", profile__employee_no=""),
        make_user("b_tech_2", profile__employee_no="T10", department=tech),
        make_user("a_tech_1", profile__employee_no="T9", department=tech),
        make_user("c_sales", profile__employee_no="S1", department=sales),
        make_user("d_sales", profile__employee_no="s1", department=sales),
        make_user("a_none", profile__employee_no="A1"),
    ]
    decisions.confirm_decisions(decisions.record_decisions(
        [GradeInput(p, Decimal(88), Decimal(90), ENGINEER) for p in people]), confirmer)
    rows = roster_rows()
    expected = sorted(rows, key=lambda r: (r.department, r.employee_no, r.username))
    assert [r.username for r in rows] == [r.username for r in expected]
    assert [r.username for r in rows][:2] == ["zz_no_profile_no", "a_none"]
    roster = RosterRows()
    with django_assert_max_num_queries(3):
        page = roster[2:4]
    assert [r.username for r in page] == [r.username for r in rows[2:4]]
    assert len(roster) == 6
    assert page[0].total == Decimal("2900.00") and page[0].grade == "technician_senior"


def test_the_xlsx_export_is_sent_from_a_file_not_built_in_memory(hr):
    grade_cohort(3)
    response = hr.get(reverse(ROSTER) + "?export=xlsx")
    assert response.streaming
    assert not isinstance(response.file_to_stream, io.BytesIO)
    assert response["Content-Disposition"].startswith("attachment;")
    header, *rows = xlsx_rows(response)
    assert [dict(zip(header, r))["工号"] for r in rows] == ["R000", "R001", "R002"]


def test_a_second_roster_page_shows_the_rest(hr, django_assert_max_num_queries):
    grade_cohort(103)
    hr.get(reverse(ROSTER))
    with django_assert_max_num_queries(25, info="roster page 2"):
        page = hr.get(reverse(ROSTER) + "?p=2")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("中级工程师") == 3 and "R102" in html and "R099" not in html
