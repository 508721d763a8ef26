"""With the broker unreachable, publishing and acknowledging still work and
no announcement is lost: it waits in the outbox and the sweep sends it,
exactly once."""
import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from people import outbox
from people.models import Department, Notification, OutboxMessage, Profile
from people.tasks import deliver_outbox_message
from tests.factories import DepartmentFactory, make_scoped_policy, make_user

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=5)


@pytest.fixture
def org(db):
    class Org:
        after_sales = DepartmentFactory(code="after-sales-o", name="售后部")
        production = DepartmentFactory(code="production-o", name="生产部")
        head = make_user("ob_head", department=after_sales, email="head@example.com")
        alice = make_user("ob_alice", department=after_sales, email="alice@example.com")
        outsider = make_user("ob_carol", department=production, email="carol@example.com")

    Department.objects.filter(pk=Org.after_sales.pk).update(head=Org.head)
    return Org


@pytest.fixture
def broker_down():
    """Every hand-over to the worker fails as kombu does when Redis is stopped."""
    with mock.patch.object(deliver_outbox_message, "delay",
                           side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379")) as delay:
        yield delay


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def publish(org, callbacks):
    with callbacks(execute=True):
        return make_scoped_policy(departments=[org.after_sales], title="售后服务人员培训管理办法")


def test_publishing_with_the_broker_down_keeps_the_announcement_for_the_sweep(
        org, broker_down, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    assert page.live and page.versions.count() == 1
    assert broker_down.called
    assert mail.outbox == [] and not Notification.objects.exists()
    message = OutboxMessage.objects.get()
    assert message.task == "policies.tasks.announce_policy_version"
    assert message.delivered_at is None

    assert outbox.sweep(now=timezone.now() + LATER) == 1
    assert recipients() == ["alice@example.com", "head@example.com"]
    assert Notification.objects.filter(user=org.alice).count() == 1
    message.refresh_from_db()
    assert message.delivered_at is not None

    assert outbox.sweep(now=timezone.now() + 2 * LATER) == 0
    assert outbox.deliver(message.pk) is False
    assert len(mail.outbox) == 2


def test_with_the_broker_up_the_worker_delivers_and_the_sweep_finds_nothing(
        org, django_capture_on_commit_callbacks):
    publish(org, django_capture_on_commit_callbacks)
    assert recipients() == ["alice@example.com", "head@example.com"]
    assert OutboxMessage.objects.get().delivered_at is not None
    assert outbox.sweep(now=timezone.now() + LATER) == 0
    assert len(mail.outbox) == 2


def test_no_announcement_is_recorded_if_the_publication_rolls_back(org):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        make_scoped_policy(departments=[org.after_sales], title="回滚的制度")
        raise RuntimeError("the publication failed")
    assert not OutboxMessage.objects.exists()


def test_joining_the_scope_with_the_broker_down_is_announced_by_the_sweep(
        org, broker_down, django_capture_on_commit_callbacks):
    publish(org, django_capture_on_commit_callbacks)
    outbox.sweep(now=timezone.now() + LATER)
    mail.outbox.clear()
    profile = Profile.objects.get(user=org.outsider)
    profile.department = org.after_sales
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert mail.outbox == []
    assert outbox.sweep(now=timezone.now() + LATER) == 1
    assert recipients() == ["carol@example.com"]


def test_acknowledging_with_the_broker_down_succeeds(org, broker_down, login, django_capture_on_commit_callbacks):
    page = publish(org, django_capture_on_commit_callbacks)
    response = login(org.alice).post(f"{page.url}acknowledge/", {"version": 1})
    assert response.status_code == 302
    assert org.alice.acknowledgements.count() == 1


def test_a_failing_delivery_stays_pending_and_the_next_sweep_sends_it(org, broker_down,
                                                                     django_capture_on_commit_callbacks):
    publish(org, django_capture_on_commit_callbacks)
    with mock.patch("policies.tasks.announce_version", side_effect=ConnectionError("smtp down")):
        assert outbox.sweep(now=timezone.now() + LATER) == 0
    message = OutboxMessage.objects.get()
    assert message.delivered_at is None and message.attempts == 1 and "smtp down" in message.last_error
    assert outbox.sweep(now=timezone.now() + LATER) == 1
    assert recipients() == ["alice@example.com", "head@example.com"]


def test_the_sweep_leaves_fresh_messages_to_the_worker(org, broker_down, django_capture_on_commit_callbacks):
    publish(org, django_capture_on_commit_callbacks)
    assert outbox.sweep(now=timezone.now()) == 0
    assert mail.outbox == []


def test_beat_sweeps_the_outbox_every_minute():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "people.tasks.sweep_outbox")
    assert entry["schedule"].minute == set(range(60))
