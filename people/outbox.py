"""The notification outbox: what must reach people survives a broker outage.

A cause (a publication, someone joining a policy's scope) calls
:func:`enqueue` inside its own transaction: an :class:`OutboxMessage` row
names the Celery task to run and its arguments. Once the transaction
commits, the message is handed to a worker (``people.tasks.deliver_outbox_message``);
if the broker cannot take it, the row stays pending and the periodic
:func:`sweep` (Celery beat, ``people.tasks.sweep_outbox``) delivers it later.

Delivery runs the named task in-process. The tasks are idempotent (every
notification has a dedupe key, ``people.notifications``), so a message run
twice, by the worker and by the sweep at once, still sends every mail once.
Tasks are found by name in Celery's registry, so this base app names no app
above it.
"""
import datetime
import logging
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "people.tasks.deliver_outbox_message"
# What publishing to a broker raises when it is down or unreachable.
BROKER_ERRORS = (BrokerError, ConnectionError, TimeoutError, OSError)
# The sweep leaves messages this young to the worker they were handed to.
SWEEP_GRACE = datetime.timedelta(seconds=60)


def enqueue(task, *args):
    """Record ``task(*args)`` (a Celery task name) in the current transaction
    and hand it to a worker once that commits. Returns the message."""
    message = OutboxMessage.objects.create(task=task, args=list(args))
    transaction.on_commit(partial(hand_to_worker, message.pk), robust=True)
    return message


def hand_to_worker(pk):
    """Queue the delivery of message ``pk``; with the broker down, leave it
    pending for the sweep. Returns whether it was queued."""
    try:
        current_app.tasks[DELIVER_TASK].delay(pk)
    except BROKER_ERRORS as error:
        logger.warning("outbox: broker unavailable, message %s left for the sweep (%s)", pk, error)
        return False
    return True


def deliver(pk, now=None):
    """Run message ``pk`` if it is still pending; returns whether this call
    delivered it. A failure is recorded on the row, which stays pending."""
    message = OutboxMessage.objects.filter(pk=pk, delivered_at__isnull=True).first()
    if message is None:
        return False
    try:
        current_app.tasks[message.task](*message.args)
    except Exception as error:  # any failure: keep the row for the next sweep
        logger.exception("outbox: message %s (%s) failed", pk, message.task)
        OutboxMessage.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=repr(error)[:2000])
        return False
    return bool(
        OutboxMessage.objects.filter(pk=pk, delivered_at__isnull=True).update(
            delivered_at=now or timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
    )


def pending(now=None):
    """Messages still to deliver, created before the sweep's grace period."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(delivered_at__isnull=True, created_at__lte=now - SWEEP_GRACE)


def sweep(now=None, limit=500):
    """Deliver pending messages, oldest first; returns how many were delivered."""
    delivered = 0
    for pk in pending(now).order_by("pk").values_list("pk", flat=True)[:limit]:
        delivered += deliver(pk, now=now)
    return delivered
