"""Health endpoints (django-health-check), open without a login:

* ``/health/live/``: the app answers (a process that can import the project
  and run a view); what a load balancer asks before sending traffic;
* ``/health/``: the app, every configured database (the primary, and the
  replica when there is one), the cache (a value written is read back),
  Redis when ``REDIS_URL`` is set, and, with a broker, that a Celery worker
  answers a ping and consumes every queue (``celery`` and ``pdf``).

``?format=json`` (or ``Accept: application/json``) answers JSON; any failed
check answers 500.
"""
import dataclasses
import datetime

from django.conf import settings
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.views import HealthCheckView


@dataclasses.dataclass
class App(HealthCheck):
    """The application process answers requests."""

    def run(self):
        return None


def _redis_client(url):
    def factory():
        # Only deployments with REDIS_URL check Redis: redis-py stays unloaded otherwise.
        from redis.asyncio import Redis

        return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)

    return factory


def full_checks():
    """Every check that applies to this deployment's settings."""
    checks = [App, *((Database, {"alias": alias}) for alias in settings.DATABASES), Cache]
    redis_url = getattr(settings, "REDIS_URL", "")
    if redis_url:
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": _redis_client(redis_url)}))
    if settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.append(("health_check.contrib.celery.Ping", {"timeout": datetime.timedelta(seconds=2)}))
    return checks


def live_view():
    return HealthCheckView.as_view(checks=[App])


def full_view():
    return HealthCheckView.as_view(checks=full_checks())
