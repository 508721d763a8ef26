"""Celery application.

Without ``CELERY_BROKER_URL`` the tasks run eagerly in-process (see settings);
with ``redis://127.0.0.1:6379/0`` run ``celery -A portal worker -B``, or the
worker and beat of the ``Procfile`` (``make serve``).
"""
import os

from celery import Celery
from celery.signals import worker_init

from .warmup import warm_up

# Production unless told otherwise: development (DEBUG, debug pages) only when
# chosen explicitly, DJANGO_SETTINGS_MODULE=portal.settings.dev (make run does).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_chinese_text_tools(**kwargs):
    """jieba and OpenCC in the worker's main process, before the pool forks."""
    warm_up()
