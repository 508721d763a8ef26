"""Celery application.

Without ``CELERY_BROKER_URL`` the tasks run eagerly in-process (see settings);
with ``redis://127.0.0.1:6379/0`` run ``celery -A portal worker -B``.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
