"""Announcements, daily reminders and escalations: sent after the commit, on
the right days, never twice."""
import datetime
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.module_loading import import_string

from people.models import Confidentiality, Department, Notification, Profile, person_name
from people.notifications import notify
from policies import acknowledgements, reminders
from policies.models import AcknowledgementTask
from policies.tasks import (
    announce_policy_version,
    escalate_overdue_acknowledgements,
    send_acknowledgement_reminders,
)
from tests.factories import DepartmentFactory, make_scoped_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def org(db):
    class Org:
        after_sales = DepartmentFactory(code="after-sales-n", name="售后部")
        production = DepartmentFactory(code="production-n", name="生产部")
        head = make_user("as_head", department=after_sales, email="head@example.com")
        alice = make_user("alice", department=after_sales, email="alice@example.com")
        bob = make_user("bob", department=after_sales, email="bob@example.com")
        outsider = make_user("carol", department=production, email="carol@example.com")

    Department.objects.filter(pk=Org.after_sales.pk).update(head=Org.head)
    return Org


def publish(org, callbacks, **fields):
    fields.setdefault("title", "售后服务人员培训管理办法")
    with callbacks(execute=True):
        return make_scoped_policy(departments=[org.after_sales], **fields)


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def mail_to(address):
    return [m for m in mail.outbox if address in m.to]


# ---- announcement on publication ------------------------------------------------


def test_no_notification_before_the_publication_commits(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = make_scoped_policy(departments=[org.after_sales], title="售后服务人员培训管理办法")
    # Published and tasks created inside the transaction, but nobody told yet.
    assert AcknowledgementTask.objects.filter(version__page=page).count() == 3
    assert mail.outbox == []
    assert not Notification.objects.exists()

    for callback in callbacks:
        callback()
    assert recipients(mail.outbox) == ["alice@example.com", "bob@example.com", "head@example.com"]
    alice_mail = mail_to("alice@example.com")[0]
    assert "售后服务人员培训管理办法" in alice_mail.subject
    assert page.url in alice_mail.body
    note = Notification.objects.get(user=org.alice)
    assert note.url == page.url and note.read_at is None and note.emailed_at is not None


def test_substantive_revision_is_announced_only_to_people_in_scope(org, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_version(page, "增加实操考试", parts=[("article", "新员工须参加实操考试。")])
    assert recipients(mail.outbox) == ["alice@example.com", "bob@example.com", "head@example.com"]
    assert "第 2 版" in mail.outbox[0].subject
    assert "增加实操考试" in mail.outbox[0].body
    assert not Notification.objects.filter(user=org.outsider).exists()


def test_editorial_revision_notifies_nobody(org, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_version(page, "改正错别字", revision_kind="editorial", parts=[("article", "改正错别字。")])
    assert mail.outbox == []


def test_retried_announcement_sends_nothing_twice(org, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    version = page.versions.get()
    sent, stored = len(mail.outbox), Notification.objects.count()
    assert sent == stored == 3
    assert announce_policy_version.delay(version.pk).get() == 0
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == stored


def test_person_joining_the_scope_is_told_after_the_commit(org, django_capture_on_commit_callbacks):
    publish(org, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    profile = Profile.objects.get(user=org.outsider)
    profile.department = org.after_sales
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile.save()
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert recipients(mail.outbox) == ["carol@example.com"]


def test_failed_email_leaves_no_notification_and_is_sent_on_the_retry(org, monkeypatch):
    calls = []

    def flaky_send(message, fail_silently=False):
        calls.append(message)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        mail.outbox.append(message)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky_send)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notify(org.alice, key="test:1", title="测试", body="正文")
    assert not Notification.objects.filter(dedupe_key="test:1").exists()
    assert notify(org.alice, key="test:1", title="测试", body="正文") is not None
    assert notify(org.alice, key="test:1", title="测试", body="正文") is None
    assert len(mail.outbox) == 1 and Notification.objects.filter(dedupe_key="test:1").count() == 1


# ---- reminders and escalation ------------------------------------------------------


def run_reminders(day):
    return send_acknowledgement_reminders.delay(today=day.isoformat()).get()


def run_escalations(day):
    return escalate_overdue_acknowledgements.delay(today=day.isoformat()).get()


def test_reminders_and_escalation_on_the_right_days(org, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    acknowledgements.acknowledge(org.bob, page, 1)  # Bob has done it: never reminded
    mail.outbox.clear()
    today = timezone.localdate()
    due = AcknowledgementTask.objects.get(user=org.alice).due
    assert due == today + 7 * DAY

    # Publication day: the announcement was enough.
    assert run_reminders(today) == 0
    assert run_escalations(today) == 0

    # Every following day: a reminder to those who have not acknowledged.
    assert run_reminders(today + DAY) == 2
    assert recipients(mail.outbox) == ["alice@example.com", "head@example.com"]
    assert "提醒" in mail.outbox[0].subject
    assert run_reminders(today + DAY) == 0  # a retry of the same day sends nothing
    assert run_reminders(due) == 2

    # The due date itself is not late; the day after is.
    assert run_escalations(due) == 0
    mail.outbox.clear()
    assert run_escalations(due + DAY) == 1
    [escalation] = mail.outbox
    assert escalation.to == ["head@example.com"]
    assert person_name(org.alice) in escalation.subject
    assert "逾期未确认" in escalation.subject and "售后服务人员培训管理办法" in escalation.subject
    assert "售后部" in escalation.body
    # The head is not escalated to about their own task, and only once per task.
    assert run_escalations(due + 2 * DAY) == 0

    # Overdue people keep getting (overdue) reminders.
    mail.outbox.clear()
    assert run_reminders(due + DAY) == 2
    assert all("已逾期" in m.subject for m in mail.outbox)


def test_acknowledging_stops_the_reminders(org, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    for person in (org.alice, org.bob, org.head):
        acknowledgements.acknowledge(person, page, 1)
    due = page.versions.get().acknowledgement_due
    assert run_reminders(due) == 0
    assert run_escalations(due + DAY) == 0


def test_escalation_does_not_name_a_policy_the_head_may_not_read(org, django_capture_on_commit_callbacks):
    Profile.objects.filter(user__in=[org.alice]).update(clearance=Confidentiality.SECRET)
    page = publish(org, django_capture_on_commit_callbacks, title="售后备件底价表", confidentiality=Confidentiality.SECRET)
    assert set(AcknowledgementTask.objects.values_list("user__username", flat=True)) == {"alice"}
    mail.outbox.clear()
    assert run_escalations(page.versions.get().acknowledgement_due + DAY) == 1
    [escalation] = mail.outbox
    assert escalation.to == ["head@example.com"]
    assert "售后备件底价表" not in escalation.subject + escalation.body
    assert Notification.objects.get(user=org.head).url == ""


def test_reminder_rule_by_day():
    class Task:
        created_at = timezone.make_aware(datetime.datetime(2026, 3, 1, 10, 0))
        due = datetime.date(2026, 3, 8)
        status = "pending"

    task = Task()
    assert not reminders.reminder_due(task, datetime.date(2026, 3, 1))
    assert reminders.reminder_due(task, datetime.date(2026, 3, 2))
    task.status = "overdue"
    assert not reminders.escalation_due(task, datetime.date(2026, 3, 8))
    assert reminders.escalation_due(task, datetime.date(2026, 3, 9))
    task.status = "acknowledged"
    assert not reminders.reminder_due(task, datetime.date(2026, 3, 9))


def test_beat_runs_reminders_and_escalations_every_day():
    schedule = settings.CELERY_BEAT_SCHEDULE
    entries = {entry["task"]: entry["schedule"] for entry in schedule.values()}
    for name in ("policies.tasks.send_acknowledgement_reminders", "policies.tasks.escalate_overdue_acknowledgements"):
        assert name in entries
        assert import_string(name).name == name
        crontab = entries[name]
        assert len(crontab.hour) == 1 and len(crontab.minute) == 1 and len(crontab.day_of_week) == 7


# ---- the notification list ---------------------------------------------------------------


def test_notifications_page_lists_notifications_and_marks_them_read(org, django_capture_on_commit_callbacks, login):
    publish(org, django_capture_on_commit_callbacks)
    client = login(org.alice)
    html = client.get("/my/notifications/").content.decode()
    assert "售后服务人员培训管理办法" in html and 'class="notification unread"' in html
    assert 'href="/my/notifications/"' in html and '<span class="badge"' in html

    note = Notification.objects.get(user=org.alice)
    client.post("/my/notifications/", {"notification": note.pk})
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="notification unread"' not in client.get("/my/notifications/").content.decode()


def test_nobody_can_mark_someone_elses_notification_read(org, django_capture_on_commit_callbacks, login):
    publish(org, django_capture_on_commit_callbacks)
    bobs = Notification.objects.get(user=org.bob)
    login(org.alice).post("/my/notifications/", {"notification": bobs.pk})
    login(org.alice).post("/my/notifications/", {"all": "1"})
    bobs.refresh_from_db()
    assert bobs.read_at is None
    assert Notification.objects.get(user=org.alice).read_at is not None
