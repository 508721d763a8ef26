"""One after-sales trainee, start to pay, in a real browser (issue 12): the
placement test sets the plan level, the 常务副总 approves the plan table, the
trainee sits the grading written exam, the five departments score the
practical exam, the 售后部经理 notes field ability, HR confirms the grade,
and the pay roster shows the pay line and how it was computed."""
import datetime

import pytest
from django.urls import reverse

from assessments.models import GradeDecision
from lms import traineeship
from lms.models import TraineePlanTable, Trainer, TrainerStatus
from people.permissions import AFTER_SALES_MANAGER, EXECUTIVE_VP, HR
from tests.assessments.exams import RIGHT_SINGLE, exam_with, objective_paper
from tests.factories import (
    PANEL_DEPARTMENTS,
    DepartmentFactory,
    make_practical_exam,
    make_qualification,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sit(page, exam):
    """Answer the single-choice question right and hand in (one of one: 100)."""
    page.goto(exam.url)
    page.get_by_role("button", name="开始考试").click()
    page.get_by_label(RIGHT_SINGLE).check()
    page.locator("#exam-save-status", has_text="已保存").wait_for()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    page.locator("#exam-score").wait_for()


def test_one_trainee_from_placement_to_the_pay_line(page_as):
    trainee = make_user("journey_trainee", first_name="学员", last_name="陈")
    make_qualification(trainee, education="bachelor", product_series=3, years_experience=3)
    manager = make_user("journey_manager", groups=[AFTER_SALES_MANAGER], is_staff=True)
    evp = make_user("journey_evp", groups=[EXECUTIVE_VP])
    hr = make_user("journey_hr", groups=[HR], is_staff=True)
    trainer = make_user("journey_trainer")
    Trainer.objects.create(user=trainer, status=TrainerStatus.ADMITTED, trial_lecture_score=90)
    single = objective_paper()[:1]
    placement = exam_with(single, title="售后摸底考试", purpose="placement", review_marks="after_submit")
    grading = exam_with(single, title="定级书面考卷", purpose="grading", review_marks="after_submit")

    # 摸底考试 first: 100 places the trainee as 工程师, the advanced plan.
    trainee_page = page_as(trainee)
    sit(trainee_page, placement)

    # The 售后部经理 draws the table up; the 常务副总 approves it in the browser.
    table = traineeship.create_table(trainee, manager)
    traineeship.add_item(table, manager, content="CNC-850 整机调试", department=DepartmentFactory(
        code="technical", name="技术部"), trainer=trainer, planned_start=datetime.date(2026, 3, 2),
        planned_end=datetime.date(2026, 3, 13))
    traineeship.submit(table, manager)
    evp_page = page_as(evp)
    evp_page.goto(table.get_absolute_url())
    assert "高级" in evp_page.locator("dl.policy-meta").inner_text()
    evp_page.get_by_role("button", name="批准培训计划表").click()
    evp_page.get_by_text("培训计划表已批准").wait_for()
    assert TraineePlanTable.objects.get(pk=table.pk).status == "approved"

    # 定级书面考试.
    sit(trainee_page, grading)

    # The five departments score the practical exam, each in their own browser.
    examiners = [(make_user(f"journey_examiner_{code}"), code) for code, _name in PANEL_DEPARTMENTS]
    exam = make_practical_exam(trainee=trainee, trainer=trainer, examiners=examiners, machine_model="CNC-850")
    for examiner, _code in examiners:
        page = page_as(examiner)
        page.goto(reverse("practical:score_sheet", args=[exam.pk]))
        for field in page.locator("input[type=number]").all():
            field.fill(field.get_attribute("max"))
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="提交评分").click()
        page.wait_for_load_state()
    exam.refresh_from_db()
    assert exam.is_final and exam.score == 100

    # 售后部 notes field ability on the proposal; HR confirms it.
    decision = GradeDecision.objects.get(person=trainee)
    assert decision.proposed_grade == "engineer_senior"
    manager_page = page_as(manager)
    manager_page.goto(reverse("assessments_grade_field_ability", args=[decision.pk]))
    manager_page.get_by_label("出差安装/维修机器的实际能力").fill("独立完成两次出差安装调试。")
    manager_page.get_by_role("button", name="保存意见").click()
    manager_page.wait_for_load_state()
    hr_page = page_as(hr)
    hr_page.goto(f"/admin/bulk/assessments/gradedecision/confirm/?id={decision.pk}")
    assert "独立完成两次出差安装调试" in hr_page.content()
    hr_page.get_by_role("button", name="确认定级").click()
    hr_page.wait_for_load_state()
    decision.refresh_from_db()
    assert decision.status == "confirmed" and decision.confirmed_by == hr

    # The pay line: 高级工程师, full time 3500 = 2450 + 1050, and how it was computed.
    hr_page.goto(reverse("assessments_reports:roster"))
    row = hr_page.locator("tr", has_text="陈学员")
    assert "高级工程师" in row.inner_text() and "3500.00" in row.inner_text()
    assert "岗位工资 = 3500 × 70% = 2450.00" in row.inner_text()
