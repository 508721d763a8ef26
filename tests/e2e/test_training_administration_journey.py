"""The training administration in a real browser: HR drafts a needs survey
and sends it, a department head answers it from 我的待办, HR reads the
summary and drafts the plan from it (two course lines), the training-management department
reviews the plan and management approves it."""
import pathlib

import pytest

from lms.models import NeedsResponse, NeedsSurvey, PlanStatus, TrainingPlan
from people.permissions import GENERAL_MANAGER, HR, TRAINING_OFFICE
from tests.factories import DepartmentFactory, make_user
from tests.lms.builders import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "artifacts"


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"training-admin-{name}.png"), full_page=True)


def test_needs_survey_to_an_approved_plan(page_as):
    hr = make_user("hr_e2e", groups=[HR], first_name="人资", last_name="何")
    head = make_user("head_e2e", first_name="建国", last_name="周")
    office = make_user("office_e2e", groups=[TRAINING_OFFICE], first_name="丽华", last_name="孙")
    gm = make_user("gm_e2e", groups=[GENERAL_MANAGER], first_name="总经理", last_name="张")
    DepartmentFactory(code="after-sales", name="售后部", head=head)
    make_course("故障分析与维修")
    make_course("产品与技术更新")

    # HR: the survey plan, one question, send.
    page = page_as(hr)
    page.goto("/training/needs-surveys/")
    page.get_by_label("调研名称").fill("2027 年度培训需求调研")
    page.get_by_label("调研目标").fill("了解各部门明年的培训需求")
    page.get_by_label("调研对象").fill("各部门负责人")
    page.get_by_label("开始日期").fill("2026-12-01")
    page.get_by_label("截止日期").fill("2099-12-31")
    page.get_by_label("售后部").check()
    page.get_by_role("button", name="保存调研计划").click()
    page.get_by_text("已保存调研计划").wait_for()
    form = page.locator("#question-form")
    form.get_by_label("问题").fill("明年最需要的培训主题")
    form.get_by_role("button", name="添加问题").click()
    page.get_by_text("已添加问题").wait_for()
    page.get_by_role("button", name="发出调研").click()
    page.get_by_text("已发出调研").wait_for()
    survey = NeedsSurvey.objects.get()

    # The department head answers from 我的待办.
    answer = page_as(head)
    answer.goto("/my/tasks/")
    answer.get_by_role("link", name="2027 年度培训需求调研").click()
    answer.get_by_label("明年最需要的培训主题").fill("新机型故障分析与现场服务")
    shot(answer, "1-answer")
    answer.get_by_role("button", name="提交回答").click()
    answer.get_by_text("已提交调研回答").wait_for()
    assert NeedsResponse.objects.get(survey=survey).respondent == head

    # HR reads the summary, writes the analysis and drafts the plan from it.
    page.goto(f"/training/needs-surveys/{survey.pk}/")
    page.get_by_text("新机型故障分析与现场服务").wait_for()
    page.get_by_label("共性需求").fill("故障分析")
    page.get_by_role("button", name="保存分析报告").click()
    page.get_by_text("已保存需求分析报告").wait_for()
    shot(page, "2-summary")
    page.get_by_role("link", name="依据本调研编制培训计划").click()
    page.get_by_label("计划类型").select_option(label="年度培训计划")
    page.get_by_label("计划名称").fill("2027 年度培训计划")
    page.get_by_label("计划开始日期").fill("2027-01-10")
    page.get_by_label("计划结束日期").fill("2027-12-20")
    first = page.locator("#plan-line-1")  # the plan's course lines: one row, then one more added
    first.get_by_label("培训课程").select_option(label="故障分析与维修")
    first.get_by_label("培训目标").fill("提高故障分析能力")
    first.get_by_label("培训对象").fill("售后部员工")
    first.get_by_label("开始日期", exact=True).fill("2027-03-10")
    first.get_by_label("培训地点").fill("技术部会议室")
    page.get_by_role("button", name="添加一项课程").click()
    second = page.locator("[data-formset-rows] > fieldset").nth(1)
    second.get_by_label("培训课程").select_option(label="产品与技术更新")
    second.get_by_label("培训月份").fill("2027-06")
    page.get_by_role("button", name="保存草稿").click()
    page.locator("#plan-lines-table").get_by_text("产品与技术更新").wait_for()
    page.get_by_role("button", name="报培训管理部门审核").click()
    page.get_by_text("已报培训管理部门审核").wait_for()
    plan = TrainingPlan.objects.get()
    assert plan.needs_survey == survey and plan.status == PlanStatus.SUBMITTED
    assert [(line.course.title, line.goal) for line in plan.lines.order_by("sort_order")] == [
        ("故障分析与维修", "提高故障分析能力"), ("产品与技术更新", "")]

    # The training-management department reviews.
    review = page_as(office)
    review.goto("/my/tasks/")
    review.get_by_role("link", name="年度培训计划 · 2027 年度培训计划").click()
    review.locator("#plan-lines-table").get_by_text("提高故障分析能力").wait_for()
    form = review.locator("#review-form")
    for label in ("培训计划合理", "培训计划可行", "与公司业务目标一致", "资源配置有效"):
        form.get_by_label(label).check()
    form.get_by_label("审核意见").fill("合理可行，资源已落实")
    shot(review, "3-review")
    form.get_by_role("button", name="审核通过，报管理层审批").click()
    review.get_by_text("已审核").wait_for()

    # Management approves.
    approve = page_as(gm)
    approve.goto("/my/tasks/")
    approve.get_by_role("link", name="年度培训计划 · 2027 年度培训计划").click()
    approve.locator("#approval-form").get_by_label("审批意见").fill("同意")
    approve.get_by_role("button", name="批准").click()
    approve.get_by_text("已审批").wait_for()
    assert approve.locator("#plan-status").inner_text() == "已批准"
    approve.get_by_text("合理可行，资源已落实").wait_for()
    shot(approve, "4-approved")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.reviews.count() == 2
