"""Production settings from the environment: Redis cache, persistent
connections, WhiteNoise, PDF rendering on its own queue, JSON logs."""
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from portal.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def production(expr, **env):
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.production'; "
            f"django.setup(); from django.conf import settings as s; print({expr})")
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY",
                          "REPLICA_DATABASE_URL", "AWS_STORAGE_BUCKET_NAME")}
    return subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    out = production("s.DEBUG")
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY" in out.stderr


def test_redis_url_selects_redis_as_the_cache_and_locmem_without_it():
    out = production("s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
                     DJANGO_SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/3")
    assert out.stdout.split() == ["portal.cache.ForgivingRedisCache", "redis://127.0.0.1:6379/3"]
    out = production("s.CACHES['default']['BACKEND']", DJANGO_SECRET_KEY="x")
    assert out.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_sessions_are_read_from_redis_when_there_is_one_and_kept_in_the_database():
    out = production("s.SESSION_ENGINE", DJANGO_SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/3")
    assert out.stdout.strip() == "django.contrib.sessions.backends.cached_db", out.stderr
    out = production("s.SESSION_ENGINE", DJANGO_SECRET_KEY="x")
    assert out.stdout.strip() == "django.contrib.sessions.backends.db", out.stderr


def test_connections_persist_and_are_checked_before_reuse():
    out = production("s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
                     " s.DATABASES['replica']['CONN_MAX_AGE']", DJANGO_SECRET_KEY="x",
                     DATABASE_URL="postgresql://postgres@127.0.0.1:5432/portal",
                     REPLICA_DATABASE_URL="postgresql://postgres@127.0.0.1:5433/portal")
    assert out.stdout.split() == ["600", "True", "600"], out.stderr


def test_static_files_are_served_compressed_with_hashed_names_by_whitenoise():
    out = production("s.MIDDLEWARE[:2], s.STORAGES['staticfiles']['BACKEND']", DJANGO_SECRET_KEY="x")
    assert "'whitenoise.middleware.WhiteNoiseMiddleware'" in out.stdout
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in out.stdout


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    out = production("s.STORAGES['default']['BACKEND'], s.STORAGES['default']['OPTIONS']['endpoint_url']",
                     DJANGO_SECRET_KEY="x", AWS_STORAGE_BUCKET_NAME="portal-media",
                     AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert out.stdout.split() == ["storages.backends.s3.S3Storage", "http://127.0.0.1:9000"], out.stderr


def test_pdf_rendering_has_its_own_queue_and_the_procfile_worker_takes_every_queue(settings):
    from portal.celery import app

    route = app.amqp.router.route({}, "policies.tasks.render_policy_pdf")
    assert route["queue"].name == "pdf"
    assert app.amqp.router.route({}, "policies.tasks.announce_policy_version")["queue"].name == "celery"
    worker = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    listened = set(worker.split("--queues ")[1].split()[0].split(","))
    assert listened == {queue.name for queue in settings.CELERY_TASK_QUEUES}


def test_log_lines_are_json_with_the_extra_fields():
    record = logging.LogRecord("portal", logging.WARNING, __file__, 1, "发布 %s", ("制度",), None)
    record.seconds = 1.5
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "发布 制度"
    assert line["level"] == "WARNING" and line["seconds"] == 1.5


def test_the_warm_up_loads_jieba_and_opencc_before_any_request():
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.production'; "
            "django.setup(); import jieba; assert not jieba.dt.initialized; "
            "from portal.warmup import warm_up; warm_up(); "
            "import sys; print(jieba.dt.initialized, 'policies.segment' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "DJANGO_SECRET_KEY": "x"})
    assert out.stdout.splitlines()[-1].split() == ["True", "True"], out.stderr
