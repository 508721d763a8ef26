"""Mail with an attachment, sent through the outbox (``people.outbox``).

:func:`queue_mail` stores the message and its attachment as a
:class:`~people.models.QueuedMail` in the caller's transaction and queues
its sending; nothing is sent if that transaction rolls back. :func:`send`
sends a stored mail at most once: the row is locked while it is sent, and a
second delivery (the worker and the sweep at once) finds it already sent.
"""
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from . import outbox
from .models import QueuedMail

SEND_TASK = "people.tasks.send_queued_mail"


def queue_mail(subject, body, to, attachment=None):
    """Store a mail to the addresses ``to`` and queue it; ``attachment`` is
    ``(filename, bytes or str, mimetype)``. Returns the stored mail."""
    mail = QueuedMail(subject=str(subject)[:300], body=str(body), to=[str(a) for a in to])
    if attachment:
        name, data, mimetype = attachment
        if isinstance(data, str):
            data = data.encode("utf-8")
        mail.attachment.save(name, ContentFile(data), save=False)
        mail.attachment_name, mail.attachment_type = name, mimetype
    mail.save()
    outbox.enqueue(SEND_TASK, mail.pk)
    return mail


def send(pk, now=None):
    """Send stored mail ``pk`` unless it was sent; returns whether this call
    sent it. An SMTP failure raises and leaves it unsent (the outbox retries)."""
    with transaction.atomic():
        mail = QueuedMail.objects.select_for_update().filter(pk=pk, sent_at__isnull=True).first()
        if mail is None:
            return False
        message = EmailMessage(subject=mail.subject, body=mail.body, to=mail.to)
        if mail.attachment:
            with mail.attachment.open("rb") as stored:
                message.attach(mail.attachment_name, stored.read(), mail.attachment_type)
        message.send()
        mail.sent_at = now or timezone.now()
        mail.save(update_fields=["sent_at"])
    return True
