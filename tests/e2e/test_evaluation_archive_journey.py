"""Evaluation and archives in a real browser: HR opens a training's
evaluation report, sees its charts and sends it; an employee asks to borrow
the training's archive, HR approves, and the employee opens the photo."""
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from lms import evaluation
from lms.models import ArchiveLoan, EvaluationReportSend, ImpactIndicator, LoanStatus
from tests.lms.evaluation_builders import training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_hr_sends_the_evaluation_and_approves_an_employees_loan(page_as):
    ARTIFACTS.mkdir(exist_ok=True)
    t = training()
    criteria = list(t["observation"].criteria.all())
    evaluation.record_scores(t["observation"], t["trainer"], {
        (c.pk, t["trainee"].pk): Decimal(v) for c, v in zip(criteria, (90, 85, 78), strict=True)})
    ImpactIndicator.objects.create(session=t["session"], name="一次修复率", unit="%", before=72, after=86,
                                   department=t["after_sales"], reported_by="周建国（售后部）")

    hr = page_as(t["hr"])
    hr.set_viewport_size({"width": 1280, "height": 900})
    hr.goto(f"/training/sessions/{t['session'].pk}/evaluation/")
    assert hr.locator("h1").inner_text() == "培训评估报告"
    charts = hr.locator("svg.chart-svg")
    assert charts.count() == 2
    assert charts.first.is_visible()
    assert hr.get_by_role("img", name="技能应用：控制柜故障排查 加权得分").is_visible()
    assert "85.50" in hr.locator("section[aria-labelledby=m-skills]").inner_text()
    hr.screenshot(path=str(ARTIFACTS / "evaluation-report.png"), full_page=True)
    hr.get_by_role("button", name="发送评估报告（附 PDF）").click()
    hr.get_by_text("培训评估报告已发送给").wait_for()
    assert EvaluationReportSend.objects.count() == 1 and len(mail.outbox) == 3

    employee = page_as(t["employee"])
    employee.set_viewport_size({"width": 1280, "height": 900})
    employee.goto("/training/archives/")
    employee.get_by_role("link", name=t["session"].title).click()
    assert employee.get_by_role("link", name="现场照片").count() == 0
    employee.get_by_label("借阅内容").select_option(label="现场照片")
    employee.get_by_label("应归还日期").fill((timezone.localdate() + datetime.timedelta(days=5)).isoformat())
    employee.get_by_label("借阅事由").fill("编写售后案例集")
    employee.get_by_role("button", name="提交借阅申请").click()
    employee.get_by_text("借阅申请已提交，待审批。").wait_for()
    assert employee.get_by_role("link", name="现场照片").count() == 0

    hr.goto("/my/tasks/")
    hr.get_by_role("link", name=f"王员工申请借阅“{t['session'].title}”的培训档案").click()
    hr.wait_for_url("**/training/archives/loans/")
    hr.locator("#waiting + div").get_by_role("button", name="批准").click()
    hr.get_by_text("已批准借阅。").wait_for()
    hr.screenshot(path=str(ARTIFACTS / "archive-loans.png"), full_page=True)
    assert ArchiveLoan.objects.get().status == LoanStatus.APPROVED

    employee.reload()
    employee.get_by_role("link", name="现场照片").wait_for()
    employee.screenshot(path=str(ARTIFACTS / "archive-employee.png"), full_page=True)
    response = employee.request.get(f"/training/archives/items/{t['item'].pk}/file/")
    assert response.status == 200 and response.body() == b"\x89PNG photo bytes"
