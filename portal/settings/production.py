"""Production: ``make serve`` (gunicorn, Celery worker and beat from the
Procfile), or any host that sets the environment below.

Needs ``DJANGO_SECRET_KEY``. Reads ``DATABASE_URL`` (and
``REPLICA_DATABASE_URL``), ``REDIS_URL`` (cache), ``CELERY_BROKER_URL``; media
on S3-compatible storage when ``AWS_STORAGE_BUCKET_NAME`` is set. Static
files are served by WhiteNoise from ``collectstatic``'s output (compressed,
content-hashed names, cached for a year). Logs are JSON lines on stdout.
"""
import os

from .base import *
from .base import DATABASES, MIDDLEWARE

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SESSION_COOKIE_SECURE = os.environ.get("DJANGO_SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: HTTPS only
# (the load balancer's health probes may stay on HTTP), HSTS when asked for.
if os.environ.get("DJANGO_BEHIND_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE,
]

# Persistent connections, checked before reuse, so a restarted PostgreSQL
# costs one failed check instead of an error page.
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
    _database["CONN_HEALTH_CHECKS"] = True

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
