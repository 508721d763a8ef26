"""LMS notifications go through the notification outbox: written in the same
transaction as the change that causes them, sent after it commits. With the
broker down or the mail server refusing, the request still succeeds and
nothing is lost: the sweep sends each notification later, exactly once."""
import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from kombu.exceptions import OperationalError

from lms import traineeship
from people import outbox
from people.models import Notification, OutboxMessage
from people.tasks import deliver_outbox_message

from .builders import PLACED, people

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=5)


@pytest.fixture
def p():
    found = people()
    found["evp"].email = "evp@example.com"
    found["evp"].save()
    return found


def submitted_table(p, login):
    """HR submits a plan table through its page; the 常务副总 is to be told."""
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"], trainer=p["trainer"],
                         planned_start=datetime.date(2026, 3, 2), planned_end=datetime.date(2026, 3, 13))
    response = login(p["hr"]).post(f"/training/plan-tables/{table.pk}/submit/")
    return table, response


class RefusingBackend(EmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "service not available")


def told_evp(p):
    return Notification.objects.filter(user=p["evp"], title__contains="培训计划表待审批")


def test_the_notification_waits_in_the_outbox_until_the_change_commits(p, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        table, response = submitted_table(p, login)
    assert response.status_code == 302
    message = OutboxMessage.objects.get(task="people.tasks.send_notification", args__0=p["evp"].pk)
    assert not told_evp(p).exists() and mail.outbox == []  # nothing sent inside the request's transaction
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert told_evp(p).count() == 1 and [m.to for m in mail.outbox] == [["evp@example.com"]]


def test_with_the_broker_down_the_request_succeeds_and_the_sweep_sends_it_once(
        p, login, django_capture_on_commit_callbacks):
    with mock.patch.object(deliver_outbox_message, "delay", side_effect=OperationalError("Error 111")):
        with django_capture_on_commit_callbacks(execute=True):
            table, response = submitted_table(p, login)
    assert response.status_code == 302
    table.refresh_from_db()
    assert table.status == "submitted"
    assert not told_evp(p).exists()

    assert outbox.sweep(now=timezone.now() + LATER) >= 1
    assert told_evp(p).count() == 1
    assert outbox.sweep(now=timezone.now() + 2 * LATER) == 0
    assert len([m for m in mail.outbox if m.to == ["evp@example.com"]]) == 1


def test_with_the_mail_server_down_the_request_succeeds_and_the_mail_is_kept(
        p, login, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.lms.test_notifications_outbox.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        table, response = submitted_table(p, login)
    assert response.status_code == 302
    message = OutboxMessage.objects.get(task="people.tasks.send_notification", args__0=p["evp"].pk)
    assert message.delivered_at is None and message.attempts == 1 and "SMTPConnectError" in message.last_error
    assert not told_evp(p).exists()  # a failed mail leaves no half-sent notification

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.sweep(now=timezone.now() + LATER)
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert told_evp(p).count() == 1 and [m.to for m in mail.outbox] == [["evp@example.com"]]
