"""Celery tasks of the base app: delivering the notification outbox
(``people.outbox``)."""
from celery import shared_task

from . import outbox


@shared_task
def deliver_outbox_message(pk):
    """Deliver one outbox message (queued once its cause has committed)."""
    return outbox.deliver(pk)


@shared_task
def sweep_outbox():
    """Every minute (Celery beat): deliver what the broker could not take."""
    return outbox.sweep()
