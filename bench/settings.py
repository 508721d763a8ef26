"""The bench's settings: production's, on loopback HTTP, plus a trivial view.

Production as ``make serve`` runs it (DEBUG off, WhiteNoise, persistent
connections, the Redis cache when ``REDIS_URL`` is set, JSON logs), with
what a benchmark on one machine needs: a fixed secret key, cookies over
plain HTTP, mail dropped, the test client's host allowed, and ``bench.urls``
(the portal's URLconf plus ``/bench/trivial/``)."""
import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from portal.settings.production import *

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT", os.path.join(tempfile.gettempdir(), "bench-media"))
if os.environ.get("BENCH_CELERY") != "1":
    # Tasks run in the request, as without a broker; bench/faults.py's Redis
    # scenario sets BENCH_CELERY=1 and runs a real worker.
    CELERY_BROKER_URL = ""
    CELERY_TASK_ALWAYS_EAGER = True
if os.environ.get("BENCH_NO_AUTO_INDEX") == "1":
    # Generating the search corpus: the bench builds the index itself, timed.
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "policies.search.backend", "AUTO_UPDATE": False}}
