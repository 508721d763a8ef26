"""Celery tasks: scheduled publication, official PDF copies and the
read-and-acknowledge notifications. Each gathers its inputs and calls a
service (``policies.pdf``, ``policies.reminders``)."""
import datetime
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from .pdf import store_official_copy
from .reminders import announce_to_user, announce_version, escalate_overdue, send_reminders


@shared_task
def publish_scheduled():
    """Publish revisions whose go-live time (a policy's effective date) has come.

    Run by Celery beat every five minutes; Wagtail's own command does the work,
    so a version is created exactly as for a publication by hand."""
    call_command("publish_scheduled")


@shared_task
def render_policy_pdf(version_pk):
    """Render the official PDF copy of a policy version into storage, once.

    Idempotent: a copy already stored is not rendered again; returns the
    storage name (see ``policies.pdf``)."""
    return store_official_copy(version_pk)


# ---- read-and-acknowledge notifications (see policies.reminders) ----------
#
# Each is idempotent: notifications carry a unique dedupe key and the email
# goes out only with the row that this run created, so a retry sends nothing
# twice. They run in the portal's language, whoever triggered them.

_MAIL_ERRORS = (ConnectionError, TimeoutError, smtplib.SMTPException)


def _as_date(value):
    if value is None:
        return timezone.localdate()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


@shared_task(autoretry_for=_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def announce_policy_version(version_pk):
    """Tell everyone in scope that a substantive version was published
    (queued by ``transaction.on_commit``, so only once it is committed)."""
    with translation.override(settings.LANGUAGE_CODE):
        return announce_version(version_pk)


@shared_task(autoretry_for=_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def announce_tasks_to_user(user_pk):
    """Tell someone who joined a policy's scope what they must acknowledge."""
    with translation.override(settings.LANGUAGE_CODE):
        return announce_to_user(user_pk)


@shared_task(autoretry_for=_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_acknowledgement_reminders(today=None):
    """Daily (Celery beat): remind everyone of their open acknowledgements."""
    with translation.override(settings.LANGUAGE_CODE):
        return send_reminders(_as_date(today))


@shared_task(autoretry_for=_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def escalate_overdue_acknowledgements(today=None):
    """Daily (Celery beat): tell department heads about overdue acknowledgements."""
    with translation.override(settings.LANGUAGE_CODE):
        return escalate_overdue(_as_date(today))
