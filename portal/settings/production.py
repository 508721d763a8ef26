"""Production: ``make serve`` (gunicorn, Celery worker and beat from the
Procfile), or any host that sets the environment below.

Needs ``DJANGO_SECRET_KEY``. Reads ``DATABASE_URL`` (and
``REPLICA_DATABASE_URL``), ``REDIS_URL`` (cache), ``CELERY_BROKER_URL``; media
on S3-compatible storage when ``AWS_STORAGE_BUCKET_NAME`` is set. Static
files are served by WhiteNoise from ``collectstatic``'s output (compressed,
content-hashed names, cached for a year). Logs are JSON lines on stdout.
"""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import DATABASES, MIDDLEWARE, REDIS_URL

DEBUG = False
try:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
except KeyError:
    raise ImproperlyConfigured(
        "portal.settings.production needs DJANGO_SECRET_KEY (a long random string). "
        "For development on this machine use DJANGO_SETTINGS_MODULE=portal.settings.dev, or `make run`."
    ) from None


def _flag(name, default):
    return os.environ.get(name, default) == "1"


# HTTPS: every DJANGO_SECURE_* is on unless set to 0 (make serve on plain HTTP
# turns them off, see deploy/serve.sh).
SESSION_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES", "1")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", "1")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = _flag("DJANGO_SECURE_HSTS_PRELOAD", "0")
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if _flag("DJANGO_SECURE_PROXY_SSL_HEADER", "0") or _flag("DJANGO_BEHIND_TLS_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# An intranet host is never submitted to the browsers' HSTS preload list:
# preloading is a choice (DJANGO_SECURE_HSTS_PRELOAD=1), not a deploy defect.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# WhiteNoise right after SecurityMiddleware (base), before everything else.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

# Persistent connections, checked before reuse, so a restarted PostgreSQL
# costs one failed check instead of an error page.
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
    _database["CONN_HEALTH_CHECKS"] = True

# Sessions read from the cache (Redis), written through to the database: a
# request of a logged-in person (an exam's autosave, most of all) reads no
# session row. Without Redis (or while it is down: portal.cache answers a
# miss) they come from the database as before.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible storage (AWS S3, MinIO, Ceph, OSS in S3 mode…) through
# django-storages; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": True,  # private documents: signed, expiring links
            "file_overwrite": False,
        },
    }

# Search beyond one database: Wagtail's OpenSearch / Elasticsearch backend
# (see README, Deployment). Off unless WAGTAILSEARCH_URL is set.
if os.environ.get("WAGTAILSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": os.environ.get("WAGTAILSEARCH_BACKEND", "modelsearch.backends.elasticsearch8"),
            "URLS": [os.environ["WAGTAILSEARCH_URL"]],
            "INDEX_PREFIX": os.environ.get("WAGTAILSEARCH_INDEX_PREFIX", "portal_"),
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        # WeasyPrint narrates every rendering step at INFO; its warnings still come through.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Celery's worker and beat log through the JSON handler above too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
