"""Celery tasks of the assessments app (eager without a broker, see portal/settings)."""
from celery import shared_task

from . import attempts


@shared_task
def close_expired_attempts():
    """Every minute (beat): hand in the written-exam attempts whose time is up
    but nobody came back to (closed tab, lost connection), with the answers
    saved before the deadline. Returns how many were closed."""
    return attempts.close_expired_attempts()
