"""A trainee's core flows in a real browser: My learning, a policy-reading
lesson, signing a row of the plan table."""
import datetime

import pytest

from lms import plan_tables
from lms.models import EventKind, LessonKind, LessonProgress
from tests.factories import DepartmentFactory, make_policy
from tests.lms.builders import approved_table, make_course, people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_trainee_opens_my_learning_and_completes_a_policy_reading_lesson(page_as):
    policy = make_policy("培训管理制度", document_number="HR-TR-001",
                         parts=[("chapter", "总则"), ("article", "新员工须参加岗前培训。")])
    make_course("售后岗前培训", departments=[DepartmentFactory(code="after-sales", name="售后部")], lessons=[
        ("阅读培训管理制度", LessonKind.POLICY, {"policy": policy})])
    trainee = people()["trainee"]  # joins after-sales: enrolled automatically
    page = page_as(trainee)

    page.goto("/my/learning/")
    assert page.locator("h1").inner_text() == "我的学习"
    row = page.locator("tr.course-row", has_text="售后岗前培训")
    assert "0 / 1" in row.inner_text()
    row.get_by_role("link", name="继续学习：阅读培训管理制度").click()

    page.get_by_text("新员工须参加岗前培训。").wait_for()
    page.get_by_role("button", name="我已阅读本制度（第 1 版）").click()
    page.get_by_text("已完成课时：阅读培训管理制度").wait_for()

    assert LessonProgress.objects.get(user=trainee).policy_version_number == 1
    page.goto("/my/learning/")
    assert "售后岗前培训" in page.locator("ul", has_text="售后岗前培训").last.inner_text()
    assert "证书验证码" in page.content()


def test_trainee_signs_a_row_of_the_plan_table(page_as):
    p = people()
    table = approved_table(p)
    entry = plan_tables.record_entry(table.current_item, p["trainer"], datetime.date(2026, 3, 3),
                                     "讲解电气原理图", "能识读主要回路")
    page = page_as(p["trainee"])

    page.goto(table.get_absolute_url())
    row = page.locator(f"tr[data-entry='{entry.pk}']")
    assert "讲解电气原理图" in row.inner_text()
    row.get_by_role("button", name="签名确认").click()
    page.get_by_text("已签名确认。").wait_for()

    row = page.locator(f"tr[data-entry='{entry.pk}']")
    assert "陈学员" in row.inner_text()
    assert row.get_by_role("button", name="签名确认").count() == 0
    assert table.events.filter(kind=EventKind.SIGNED, entry=entry, actor=p["trainee"]).count() == 1
