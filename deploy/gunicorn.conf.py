"""gunicorn for the portal (``make serve``, the Procfile's ``web``).

``preload_app``: the master imports Django and the project once and warms up
jieba and OpenCC (``portal.warmup``) before forking, so workers share them
and no request loads them. Workers are plain sync workers by default: the
portal talks to PostgreSQL for every request and Python holds the GIL, so
more processes, not threads, use the cores. ``GUNICORN_THREADS=4`` runs
gthread workers instead. Measured for a written exam (bench/results/
after-exam*-small*.json, two pairs on a shared 2-core machine): more
requests per second (19.5 vs 14.9, 36.9 vs 31.8) and a lower autosave p50
(751 vs 1666, 480 vs 819 ms), but no better autosave p95 (2787 vs 2703,
1329 vs 1011 ms) and a much slower start and paper at p95 (the pages'
rendering holds the GIL): an option for exam servers, not the default. Each thread keeps its own persistent database connection
(``CONN_MAX_AGE`` with health checks, portal.settings.production): workers
× threads connections per server. Every value can be overridden from the
environment (``GUNICORN_WORKERS``, ``PORT``…) or on the command line.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# GUNICORN_THREADS > 1 runs gthread workers (threads share a process, each
# with its own database connection, and keep-alive is honoured).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter), so a slow leak
# cannot grow forever; the replacement forks from the warmed-up master.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else None
access_log_format = (
    '{"event": "access", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "pid": "%(p)s"}'
)
errorlog = "-"
# gunicorn's own messages as JSON lines like the portal's (portal.logs);
# access lines are JSON already (access_log_format).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}, "line": {"format": "%(message)s"}},
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "access": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
wsgi_app = "portal.wsgi:application"
proc_name = os.environ.get("GUNICORN_PROC_NAME", "portal-web")


def on_starting(server):
    """In the master, after ``preload_app`` imported the project, before any fork."""
    # Imported here: gunicorn reads this file before it loads the project.
    from django.db import connections

    from portal.warmup import warm_up

    seconds = warm_up()
    # Nothing opened in the master may be shared by the forked workers.
    connections.close_all()
    server.log.info("warmed up jieba and OpenCC in %.2f s before forking", seconds)
