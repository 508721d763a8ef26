"""Running a session for customers (002 六): the notice with its .ics before,
请假 with a reason, lateness and absence reported to the customer's contact
with the discipline notes."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lms import attendance, customer_sessions, tasks
from lms.models import Attendance, AttendanceStatus
from people.permissions import HR
from tests.factories import make_user

from .builders import make_course, make_session, make_survey, people
from .customer_builders import make_organisation, make_trainee

pytestmark = pytest.mark.django_db
START = timezone.make_aware(datetime.datetime(2026, 6, 2, 9, 0))


@pytest.fixture
def world():
    crew = people()
    ours = make_organisation("华东精密机械有限公司", contact_email="contact@hd.example.com")
    a, b = make_trainee(ours, "cust_a", "明", "李"), make_trainee(ours, "cust_b", "华", "张")
    employee = make_user("emp_in_session")
    course = make_course("客户设备操作培训", auto_enrol=False)
    session = make_session(crew["trainer"], starts_at=START, invitees=[a, b, employee], course=course,
                           location="客户培训中心一号教室", survey=make_survey())
    return {"crew": crew, "org": ours, "a": a, "b": b, "employee": employee, "session": session}


def test_the_notice_goes_to_the_contact_and_each_trainee_with_an_ics(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = customer_sessions.notify_customers(world["session"], now=START - datetime.timedelta(days=1))
    assert sent == 3
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["contact@hd.example.com", "cust_a@customer.example.com", "cust_b@customer.example.com"]
    contact = next(m for m in mail.outbox if m.to == ["contact@hd.example.com"])
    assert "李明、张华" in contact.body and "客户培训中心一号教室" in contact.body and "2026-06-02 09:00" in contact.body
    name, content, mimetype = contact.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    text = content if isinstance(content, str) else content.decode()  # Django decodes text/* attachments
    assert "METHOD:REQUEST" in text and "DTSTART:20260602T010000Z" in text and "DTEND:20260602T030000Z" in text
    assert "LOCATION:客户培训中心一号教室" in text and "客户设备操作培训" in text.replace("\r\n ", "")
    world["session"].refresh_from_db()
    assert world["session"].customers_notified_at is not None
    assert "emp_in_session" not in " ".join(m.to[0] for m in mail.outbox)  # employees are not customers


def test_ics_lines_are_folded_and_text_escaped():
    folded = customer_sessions._fold("DESCRIPTION:" + "培训内容" * 20)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert customer_sessions._ics_text("a,b;c\nd") == "a\\,b\\;c\\nd"


def test_the_hourly_task_announces_each_session_once(world, django_capture_on_commit_callbacks):
    now = START - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announce_sessions_to_customers(now=now) == 3
        assert tasks.announce_sessions_to_customers(now=now.isoformat()) == 0
    assert tasks.announce_sessions_to_customers(now=START - datetime.timedelta(days=5)) == 0


def test_leave_needs_a_reason_and_only_the_trainer_or_hr_registers_it(world):
    session, trainer = world["session"], world["crew"]["trainer"]
    with pytest.raises(ValidationError, match="请假须填写事由"):
        attendance.mark(session, world["a"], AttendanceStatus.LEAVE, by=trainer)
    with pytest.raises(PermissionDenied):
        attendance.mark(session, world["a"], AttendanceStatus.LEAVE, by=world["b"], reason="病假")
    with pytest.raises(ValidationError, match="不在本次培训的应到人员中"):
        attendance.mark(session, world["crew"]["hr"], AttendanceStatus.PRESENT, by=trainer)
    row = attendance.mark(session, world["a"], AttendanceStatus.LEAVE, by=world["crew"]["hr"], reason="病假")
    assert row.get_status_display() == "请假" and row.leave_reason == "病假" and row.signed_in_at is None


def test_closing_the_register_tells_the_contact_who_was_late_or_absent(world, django_capture_on_commit_callbacks):
    session = world["session"]
    attendance.sign_in(session, world["a"], session.signin_token, now=START + datetime.timedelta(minutes=20))
    attendance.mark(session, world["employee"], AttendanceStatus.LEAVE, by=world["crew"]["trainer"], reason="出差")
    session.discipline_notes = "课堂上接打电话一次。"
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        attendance.close_register(session, now=START + datetime.timedelta(hours=3))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["contact@hd.example.com"]
    body = mail.outbox[0].body
    assert "李明：迟到" in body and "张华：缺勤" in body and "课堂上接打电话一次。" in body
    assert Attendance.objects.get(user=world["employee"]).status == AttendanceStatus.LEAVE  # leave is not absence


def test_nobody_is_told_when_every_customer_trainee_came(world, django_capture_on_commit_callbacks):
    session = world["session"]
    for user in (world["a"], world["b"]):
        attendance.sign_in(session, user, session.signin_token, now=START)
    with django_capture_on_commit_callbacks(execute=True):
        attendance.close_register(session, now=START + datetime.timedelta(hours=3))
    assert mail.outbox == []


def test_a_trainee_on_leave_who_comes_after_all_is_signed_in(world):
    session = world["session"]
    attendance.mark(session, world["a"], AttendanceStatus.LEAVE, by=world["crew"]["trainer"], reason="病假")
    row = attendance.sign_in(session, world["a"], session.signin_token, now=START)
    assert row.status == AttendanceStatus.PRESENT


def test_the_session_page_registers_leave_keeps_notes_and_sends_the_notice(world, login,
                                                                         django_capture_on_commit_callbacks):
    session = world["session"]
    hr = make_user("hr_session", groups=[HR])
    client = login(hr)
    url = f"/training/sessions/{session.pk}/"
    page = client.get(url).content.decode()
    assert "登记考勤" in page and "发送课前通知与日历邀请" in page
    client.post(url, {"action": "mark", "user": world["b"].pk, "status": "leave", "reason": "家中有事"})
    assert Attendance.objects.get(user=world["b"]).leave_reason == "家中有事"
    refused = client.post(url, {"action": "mark", "user": world["a"].pk, "status": "leave"}, follow=True)
    assert "请假须填写事由" in refused.content.decode()
    client.post(url, {"action": "notes", "discipline_notes": "一人迟到二十分钟。"})
    session.refresh_from_db()
    assert session.discipline_notes == "一人迟到二十分钟。"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "notify"})
    assert len(mail.outbox) == 3
    assert "家中有事" in client.get(url).content.decode()


def test_the_trainer_may_register_but_not_send_the_notice(world, login):
    client = login(world["crew"]["trainer"])
    url = f"/training/sessions/{world['session'].pk}/"
    assert "发送课前通知与日历邀请" not in client.get(url).content.decode()
    response = client.post(url, {"action": "notify"}, follow=True)
    assert "只有人资部可以发送课前通知" in response.content.decode() and mail.outbox == []
