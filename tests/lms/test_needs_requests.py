"""Monthly training-needs requests (培训需求申请表): due day and reminders."""
import datetime

import pytest

from lms import rules
from lms.models import TrainingNeedsRequest, TrainingSettings
from lms.tasks import remind_training_needs
from people.models import Notification
from portal.setup import ensure_site
from tests.factories import DepartmentFactory, make_user


def test_next_months_request_is_due_on_the_25th_of_this_month():
    assert rules.needs_request_due(datetime.date(2026, 7, 1)) == datetime.date(2026, 6, 25)
    assert rules.needs_request_due(datetime.date(2026, 3, 15), due_day=8) == datetime.date(2026, 2, 8)
    assert rules.needs_request_due(datetime.date(2026, 3, 1), due_day=31) == datetime.date(2026, 2, 28)


@pytest.fixture
def departments(db):
    ensure_site()
    head_a, head_b = make_user("head_a"), make_user("head_b")
    a = DepartmentFactory(code="after-sales", name="售后部", head=head_a)
    b = DepartmentFactory(code="production", name="生产部", head=head_b)
    return a, b


def test_heads_of_departments_without_a_request_are_reminded_before_the_due_day(departments):
    a, b = departments
    TrainingNeedsRequest.objects.create(department=a, month=datetime.date(2026, 7, 1), needs="故障分析培训")

    assert remind_training_needs(today=datetime.date(2026, 6, 21)) == 0, "too early"
    assert remind_training_needs(today=datetime.date(2026, 6, 22)) == 1
    assert remind_training_needs(today=datetime.date(2026, 6, 22)) == 0, "once a day"

    reminded = Notification.objects.get(kind="lms")
    assert reminded.user == b.head and "2026年07月培训需求申请表" in reminded.title


def test_hr_hears_about_missing_requests_after_the_due_day(departments):
    hr = make_user("hr_t", groups=["人资部"])
    remind_training_needs(today=datetime.date(2026, 6, 26))

    note = Notification.objects.get(user=hr)
    assert "逾期未交" in note.title and "售后部" in note.body and "生产部" in note.body


def test_the_due_day_is_a_site_setting(departments):
    config = TrainingSettings.current()
    config.needs_request_due_day = 8
    config.save()

    assert remind_training_needs(today=datetime.date(2026, 6, 4)) == 0
    assert remind_training_needs(today=datetime.date(2026, 6, 5)) == 2


def test_a_late_request_is_marked_late(departments):
    a, _ = departments
    request = TrainingNeedsRequest.objects.create(department=a, month=datetime.date(2026, 7, 15), needs="x",
                                                  submitted_on=datetime.date(2026, 6, 26))
    assert request.month == datetime.date(2026, 7, 1)
    assert request.late


def test_a_department_submits_its_request_on_the_page_once_a_month(departments, login):
    a, b = departments
    member = make_user("member", department=a)
    client = login(member)
    page = client.get("/training/needs/").content.decode()
    assert "培训需求须在" in page and "前提交" in page

    form = {"department": a.pk, "month": "2026-07-01", "needs": "故障分析与维修培训", "participants": 6}
    done = client.post("/training/needs/", form, follow=True).content.decode()
    again = client.post("/training/needs/", {**form, "month": "2026-07-20"}, follow=True).content.decode()
    other = client.post("/training/needs/", {**form, "department": b.pk})

    assert "已提交培训需求申请表" in done and "故障分析与维修培训" in done
    assert "该部门2026年07月的培训需求申请表已提交" in again, "any day of the month is that month"
    assert other.status_code == 403
    assert TrainingNeedsRequest.objects.filter(department=a).count() == 1
    assert not TrainingNeedsRequest.objects.filter(department=b).exists()


def test_the_page_shows_the_configured_due_day(departments, login):
    from django.utils import timezone

    config = TrainingSettings.current()
    config.needs_request_due_day = 8
    config.save()
    month = rules.next_month(timezone.localdate())

    html = login(make_user("member")).get("/training/needs/").content.decode()

    assert f"{rules.needs_request_due(month, 8):%Y-%m-%d} 前提交" in html
