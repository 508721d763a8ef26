"""Settings come from the environment: DATABASE_URL and CELERY_BROKER_URL."""
import importlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_in_subprocess(env, expr):
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.dev'; django.setup(); from django.conf import settings as s; print({expr})"
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_without_database_url_the_database_is_a_sqlite_file_in_the_project():
    engine, name = settings_in_subprocess({}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']").split(" ", 1)
    assert engine.endswith("sqlite3'") or "sqlite3" in engine
    assert str(ROOT / "db.sqlite3") in name


def test_postgresql_urls_in_both_spellings_select_postgresql():
    for scheme in ("postgres", "postgresql"):
        out = settings_in_subprocess({"DATABASE_URL": f"{scheme}://postgres@127.0.0.1:5432/test"}, "s.DATABASES['default']['ENGINE']")
        assert out == "django.db.backends.postgresql"


def test_celery_runs_eagerly_without_a_broker_and_uses_one_when_given():
    assert settings_in_subprocess({}, "s.CELERY_TASK_ALWAYS_EAGER") == "True"
    out = settings_in_subprocess({"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}, "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL")
    assert out == "False redis://127.0.0.1:6379/0"


def test_chinese_first():
    base = importlib.import_module("portal.settings.base")
    assert base.LANGUAGE_CODE == "zh-hans"
    assert base.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in base.LANGUAGES
