"""The LMS's core flows in a real browser: a trainee's My learning → lesson →
completion; the trainer writing plan-table entries and the trainee signing
one and disputing another; signing in to a session by its link and answering
its satisfaction survey."""
import datetime

import pytest
from django.utils import timezone

from lms.models import Attendance, AttendanceStatus, EventKind, LessonKind, LessonProgress, PlanEntry, SurveySubmission
from tests.factories import DepartmentFactory, make_policy
from tests.lms.builders import approved_table, make_course, make_session, make_survey, people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_trainee_goes_from_my_learning_through_the_lessons_to_the_certificate(page_as):
    policy = make_policy("培训管理制度", document_number="HR-TR-001",
                         parts=[("chapter", "总则"), ("article", "新员工须参加岗前培训。")])
    make_course("售后岗前培训", departments=[DepartmentFactory(code="after-sales", name="售后部")], lessons=[
        ("公司发展历史", LessonKind.TEXT, {"body": "<p>公司创立于一九九八年。</p>"}),
        ("阅读培训管理制度", LessonKind.POLICY, {"policy": policy})])
    trainee = people()["trainee"]  # joins after-sales: enrolled automatically
    page = page_as(trainee)

    page.goto("/my/learning/")
    assert page.locator("h1").inner_text() == "我的学习"
    row = page.locator("tr.course-row", has_text="售后岗前培训")
    assert "0 / 2" in row.inner_text() and "还剩" in row.inner_text()
    row.get_by_role("link", name="继续学习：公司发展历史").click()

    page.get_by_text("公司创立于一九九八年。").wait_for()
    page.get_by_role("button", name="完成本课时").click()
    # Completing a lesson leads on to the next one: the policy to read.
    page.get_by_text("新员工须参加岗前培训。").wait_for()
    page.get_by_role("button", name="我已阅读本制度（第 1 版）").click()
    page.get_by_text("已完成课时：阅读培训管理制度").wait_for()

    assert LessonProgress.objects.get(user=trainee, lesson__kind=LessonKind.POLICY).policy_version_number == 1
    page.goto("/my/learning/")
    assert page.locator("tr.course-row").count() == 0
    page.get_by_role("link", name="下载证书（PDF）").wait_for()
    page.locator("a[href^='/certificates/verify/']", has_text="-").first.click()
    page.get_by_text("证书有效").wait_for()
    assert "陈学员" in page.locator(".certificate").inner_text()


def test_trainer_writes_the_days_entries_and_the_trainee_signs_one_and_disputes_the_other(page_as):
    p = people()
    table = approved_table(p)
    trainer = page_as(p["trainer"])

    trainer.goto("/my/learning/")
    trainer.get_by_role("link", name="填写今日培训记录").click()
    for day, content in (("2026-03-03", "讲解电气原理图"), ("2026-03-04", "控制程序调试")):
        form = trainer.locator("#entry-form")
        form.get_by_label("实际培训日期").fill(day)
        form.get_by_label("实际培训内容").fill(content)
        form.get_by_label("培训人评估").fill("能识读主要回路")
        form.get_by_role("button", name="填写并签名").click()
        trainer.get_by_text("已填写并签名，等待受训人确认。").wait_for()
    first, second = PlanEntry.objects.filter(item__table=table).order_by("actual_date")
    assert first.trainer == p["trainer"] and first.actual_content == "讲解电气原理图"

    trainee = page_as(p["trainee"])
    trainee.goto("/my/learning/")
    trainee.get_by_role("link", name="我的培训计划表").click()
    trainee.locator(f"tr[data-entry='{first.pk}']").get_by_role("button", name="签名确认").click()
    trainee.get_by_text("已签名确认。").wait_for()
    row = trainee.locator(f"tr[data-entry='{second.pk}']")
    row.get_by_text("提出异议").click()
    row.locator("textarea[name=reason]").fill("当天没有上机调试")
    row.get_by_role("button", name="提交异议").click()
    trainee.get_by_text("已提出异议").wait_for()

    assert "陈学员" in trainee.locator(f"tr[data-entry='{first.pk}']").inner_text()
    assert trainee.get_by_role("button", name="签名确认").count() == 0
    trainer.reload()
    disputed = trainer.locator(f"tr[data-entry='{second.pk}']")
    assert "当天没有上机调试" in disputed.inner_text() and "责任在培训人（林培训师）" in disputed.inner_text()
    kinds = set(table.events.filter(actor=p["trainee"]).values_list("kind", flat=True))
    assert kinds == {EventKind.SIGNED, EventKind.DISPUTED}


def test_trainee_signs_in_by_the_link_and_answers_the_survey_once(page_as):
    p = people()
    survey = make_survey()
    session = make_session(p["trainer"], starts_at=timezone.now() - datetime.timedelta(minutes=2),
                           invitees=[p["trainee"]], survey=survey, location="技术部会议室")
    trainer = page_as(p["trainer"])
    trainer.goto(session.get_absolute_url())
    assert trainer.get_by_role("img", name="签到二维码").is_visible()
    link = trainer.locator(f"a[href$='{session.signin_path()}']").get_attribute("href")

    trainee = page_as(p["trainee"])
    trainee.goto(link)
    trainee.get_by_role("button", name="签到").click()
    trainee.get_by_text("签到成功（出勤）").wait_for()
    assert Attendance.objects.get(session=session, user=p["trainee"]).status == AttendanceStatus.PRESENT

    trainee.goto(session.get_absolute_url())
    trainee.get_by_role("link", name="填写满意度调查").click()
    rating = survey.get_form_fields()[0].clean_name
    trainee.locator(f"input[name='{rating}'][value='4']").check()
    trainee.get_by_label("意见与建议").fill("希望多安排实操")
    trainee.get_by_role("button", name="提交").click()
    trainee.get_by_text("感谢您的反馈！").wait_for()

    trainee.goto(f"{survey.url}?session={session.pk}")
    assert "只能填写一次" in trainee.content()
    submission = SurveySubmission.objects.get()
    assert (submission.user, submission.session, submission.form_data[rating]) == (p["trainee"], session, 4)
    trainer.reload()
    assert "出勤" in trainer.locator("table", has_text="签到时间").inner_text()
