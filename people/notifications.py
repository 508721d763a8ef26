"""Notifications: an in-portal list (``/my/notifications/``) plus an email
through Django's mail backend (console in development, locmem in tests,
SMTP in production, see ``EMAIL_*`` settings).

:func:`notify` is idempotent: every notification has a dedupe key (for
example ``ack-reminder:<user>:<version>:<date>``), unique in the database;
the email is sent only by the call that created the row, inside the same
transaction, so a retried Celery task never sends a second email, and a
failed email leaves no row behind and is sent on the retry.
"""
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification


def absolute_url(path):
    """A link for an email: ``path`` on the portal's public address."""
    if not path or "://" in path:
        return path
    base = getattr(settings, "PORTAL_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def notify(user, *, key, title, body="", url="", kind="", email=True, connection=None, now=None):
    """Give ``user`` the notification ``key`` (and email it if they have an
    address), once. Returns the notification if this call created it, else
    ``None`` (it already existed: nothing is sent again)."""
    now = now or timezone.now()
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            dedupe_key=key,
            defaults={"user": user, "kind": kind, "title": title, "body": body, "url": url, "created_at": now},
        )
        if not created:
            return None
        if email and user.email:
            link = absolute_url(url)
            text = body + (f"\n\n{link}" if link else "") + "\n\n" + _("（本邮件由%(portal)s自动发送，请勿回复。）") % {
                "portal": settings.PORTAL_NAME
            }
            EmailMessage(
                subject=f"[{settings.PORTAL_NAME}] {title}",
                body=text,
                to=[user.email],
                connection=connection,
            ).send()
            notification.emailed_at = now
            notification.save(update_fields=["emailed_at"])
    return notification


class Batch:
    """One mail connection for many notifications (a context manager)::

        with Batch() as batch:
            for user in users:
                batch.notify(user, key=..., title=...)
    """

    def __enter__(self):
        self.connection = get_connection()
        self.connection.open()
        self.sent = 0
        return self

    def notify(self, user, **kwargs):
        created = notify(user, connection=self.connection, **kwargs)
        if created is not None:
            self.sent += 1
        return created

    def __exit__(self, *exc):
        self.connection.close()
        return False


def unread_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, pks=None, now=None):
    """Mark ``user``'s notifications (all, or those in ``pks``) as read."""
    notifications = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        notifications = notifications.filter(pk__in=pks)
    return notifications.update(read_at=now or timezone.now())
