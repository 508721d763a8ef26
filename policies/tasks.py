from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled():
    """Publish revisions whose go-live time (a policy's effective date) has come.

    Run by Celery beat every five minutes; Wagtail's own command does the work,
    so a version is created exactly as for a publication by hand."""
    call_command("publish_scheduled")
