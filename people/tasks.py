"""Celery tasks of the base app: delivering the notification outbox
(``people.outbox``) and the notifications queued in it."""
from celery import shared_task
from django.contrib.auth import get_user_model

from . import mailing, outbox
from .notifications import notify


@shared_task
def deliver_outbox_message(pk):
    """Deliver one outbox message (queued once its cause has committed)."""
    return outbox.deliver(pk)


@shared_task
def sweep_outbox():
    """Every minute (Celery beat): deliver what the broker could not take."""
    return outbox.sweep()


@shared_task
def send_notification(user_pk, key, title, body="", url="", kind=""):
    """Deliver one notification queued in the outbox (``lms.notifying``):
    once, by its dedupe key; a mail failure raises, and the outbox keeps the
    message for the sweep. Returns whether this call created it."""
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return False
    return notify(user, key=key, title=title, body=body, url=url, kind=kind) is not None


@shared_task
def send_queued_mail(pk):
    """Send one stored mail (``people.mailing``) queued in the outbox."""
    return mailing.send(pk)
