"""Mail with an attachment through the outbox (people.mailing)."""
import pytest
from django.core import mail
from django.db import transaction

from people import mailing
from people.models import OutboxMessage, QueuedMail

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_mail_is_sent_once_with_its_attachment_after_the_commit():
    with transaction.atomic():
        stored = mailing.queue_mail("主题", "正文", ["a@example.com"], ("会议.ics", "BEGIN:VCALENDAR", "text/calendar"))
        assert not mail.outbox  # nothing leaves before the cause commits
    # Celery is eager in tests: the commit handed it to the worker.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "主题" and message.to == ["a@example.com"]
    assert message.attachments[0] == ("会议.ics", "BEGIN:VCALENDAR", "text/calendar")
    stored.refresh_from_db()
    assert stored.sent_at is not None
    assert mailing.send(stored.pk) is False and len(mail.outbox) == 1  # a second delivery sends nothing


def test_a_rolled_back_cause_leaves_no_mail_and_no_outbox_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        mailing.queue_mail("主题", "正文", ["a@example.com"])
        raise RuntimeError("the cause failed")
    assert not QueuedMail.objects.exists() and not OutboxMessage.objects.exists() and not mail.outbox
