"""HR reports in the admin, with CSV and XLSX export: the grade and pay
roster, trainer accountability and dealer trainees' fees. HR only."""
import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessments import decisions
from assessments.models import ContinuedTraining
from tests.assessments.schemes import ENGINEER
from tests.factories import make_dealer_trainee, make_practical_exam, make_user, score_all

pytestmark = pytest.mark.django_db

ROSTER, ACCOUNTABILITY, FEES = ("assessments_reports:roster", "assessments_reports:accountability",
                                "assessments_reports:dealer_fees")


@pytest.fixture
def hr(login):
    return login(make_user("hr_reports_t", groups=["人资部"]))


def csv_rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads the Chinese
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def graded(employee_no, written, practical, track="full_time", confirm=True):
    person = make_user(profile__employee_no=employee_no)
    decision = decisions.record_decision(person, written, practical, ENGINEER, track=track)
    if confirm:
        decisions.confirm(decision, make_user())
    return person


def test_the_roster_lists_each_confirmed_grade_with_its_pay_parts(hr):
    graded("A001", 95, 93)  # mean 94: engineer_mid, full time 3200 = 2240 + 960
    graded("A002", 85, 85, track="production_reserve")  # technician_mid, allowance 80
    graded("A003", 99, 99, confirm=False)  # proposed only: not on the roster
    page = hr.get(reverse(ROSTER))
    assert page.status_code == 200
    assert "中级工程师" in page.content.decode()

    rows = csv_rows(hr.get(reverse(ROSTER) + "?export=csv"))
    header, *people = rows
    assert header[:5] == ["姓名", "用户名", "工号", "部门", "职级代码"]
    by_no = {row[2]: dict(zip(header, row)) for row in people}
    assert set(by_no) == {"A001", "A002"}
    assert by_no["A001"]["职级代码"] == "engineer_mid"
    assert (by_no["A001"]["岗位工资"], by_no["A001"]["绩效工资"], by_no["A001"]["月合计（不含出差）"]) == \
        ("2240.00", "960.00", "3200.00")
    assert by_no["A001"]["出差补贴（元/天）"] == "100.00"
    assert by_no["A002"]["薪资类别代码"] == "production_reserve" and by_no["A002"]["技术津贴"] == "80.00"

    xlsx = xlsx_rows(hr.get(reverse(ROSTER) + "?export=xlsx"))
    header = xlsx[0]
    first = dict(zip(header, next(r for r in xlsx[1:] if r[2] == "A001")))
    assert first["职级"] == "中级工程师" and Decimal(str(first["月合计（不含出差）"])) == Decimal("3200")


def test_trainer_accountability_shows_failure_rate_and_the_schemes_penalty(hr):
    trainer = make_user(first_name="培训师", last_name="林")
    for totals in ([60], [90]):  # one of two failed: 50%
        score_all(make_practical_exam(trainer=trainer, machine_model="CNC-850"), totals * 5)
    score_all(make_practical_exam(trainer=trainer, machine_model="VMC-1060"), [95] * 5)
    make_practical_exam(trainer=trainer, machine_model="VMC-1060")  # not final yet

    header, *rows = csv_rows(hr.get(reverse(ACCOUNTABILITY) + "?export=csv"))
    table = {row[2]: dict(zip(header, row)) for row in rows}
    assert header[:3] == ["主导培训人", "用户名", "机种/培训内容"]
    assert table["CNC-850"]["受考核人数"] == "2" and table["CNC-850"]["不合格人数"] == "1"
    assert table["CNC-850"]["不合格率（%）"] == "50.00"
    assert table["CNC-850"]["须负责"] == "是" and table["CNC-850"]["处罚金额（元）"] == "200.00"
    assert table["VMC-1060"]["受考核人数"] == "1" and table["VMC-1060"]["处罚金额（元）"] == "0.00"
    assert table["VMC-1060"]["须负责"] == "否"

    xlsx = xlsx_rows(hr.get(reverse(ACCOUNTABILITY) + "?export=xlsx&machine_model=CNC"))
    assert [row[2] for row in xlsx[1:]] == ["CNC-850"]
    assert "林培训师" in hr.get(reverse(ACCOUNTABILITY)).content.decode()


def test_dealer_fees_are_days_of_continued_training_times_the_daily_fee(hr):
    trainee = make_dealer_trainee(profile__employee_no="D007")
    exam = make_practical_exam(trainee=trainee)
    score_all(exam, [55] * 5)
    exam.refresh_from_db()
    record = ContinuedTraining(trainee=trainee, sponsor="华东办事处", failed_exam=exam,
                               started_on=datetime.date(2027, 5, 1), ended_on=datetime.date(2027, 5, 10))
    record.full_clean()
    record.save()

    header, row = csv_rows(hr.get(reverse(FEES) + "?export=csv"))
    data = dict(zip(header, row))
    assert data["工号"] == "D007" and data["派遣单位"] == "华东办事处"
    assert (data["天数"], data["补训费（元/天）"], data["应收金额（元）"]) == ("10", "200.00", "2000.00")
    assert data["状态"] == "已结束"
    header, row = xlsx_rows(hr.get(reverse(FEES) + "?export=xlsx"))
    assert dict(zip(header, row))["天数"] == 10
    assert "华东办事处" in hr.get(reverse(FEES)).content.decode()


@pytest.mark.parametrize("name", [ROSTER, ACCOUNTABILITY, FEES])
def test_reports_are_for_hr_only(login, name):
    admin_user = make_user()
    admin_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert login(admin_user).get(reverse(name)).status_code == 403
    assert login(admin_user).get(reverse(name) + "?export=csv").status_code == 403
    assert login(make_user()).get(reverse(name)).status_code == 302  # no admin access: to the admin login
    reporter = make_user()
    reporter.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                  Permission.objects.get(codename="view_assessment_reports"))
    assert login(reporter).get(reverse(name)).status_code == 200


def test_hr_sees_the_reports_in_the_reports_menu(hr, login):
    urls = [reverse(name) for name in (ROSTER, ACCOUNTABILITY, FEES)]
    home = hr.get(reverse("wagtailadmin_home")).content.decode()
    assert all(url in home for url in urls)
    admin_user = make_user()
    admin_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = login(admin_user).get(reverse("wagtailadmin_home")).content.decode()
    assert not any(url in other for url in urls)
