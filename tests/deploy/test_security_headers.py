"""Production settings: security headers on every response, a
Content-Security-Policy without inline script or style that the portal's own
pages pass, HTTPS and HSTS behind DJANGO_SECURE_* settings, `check --deploy`
clean, and no debug pages unless development is chosen explicitly."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from assessments import attempts as engine
from tests.assessments.exams import T0, at, attempt_url, exam_with, objective_paper
from tests.factories import make_policy, make_user

ROOT = Path(__file__).resolve().parents[2]
SECRET = secrets.token_urlsafe(50)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def run(args, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL",
                          "CELERY_BROKER_URL", "REPLICA_DATABASE_URL",
                          "DJANGO_ALLOW_ASYNC_UNSAFE") and not k.startswith("DJANGO_SECURE")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**clean, "LOG_LEVEL": "ERROR", **env},
                          capture_output=True, text=True, check=False, timeout=300)


def last_line(out):
    lines = out.stdout.strip().splitlines()
    return lines[-1].split() if lines else []


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def violations(html):
    """What a CSP without 'unsafe-inline' would block in ``html``."""
    return ([m.group(0) for m in INLINE_SCRIPT.finditer(html)] + [m.group(0) for m in STYLE_ATTRIBUTE.finditer(html)]
            + [m.group(0) for m in HANDLER.finditer(html)] + re.findall(r"<style\b", html, re.I))


# ---- without a browser: settings and commands ------------------------------------------


def test_check_deploy_is_clean_under_production_settings():
    out = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
              DJANGO_SETTINGS_MODULE="portal.settings.production", DJANGO_SECRET_KEY=SECRET)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_manage_py_alone_is_production_and_refuses_without_a_secret_key():
    out = run(["manage.py", "check"])
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY" in out.stderr and "portal.settings.dev" in out.stderr
    out = run(["manage.py", "shell", "-c", "from django.conf import settings as s; print(s.DEBUG, s.SETTINGS_MODULE)"],
              DJANGO_SECRET_KEY=SECRET)
    assert last_line(out) == ["False", "portal.settings.production"], out.stderr


def test_the_wsgi_application_defaults_to_production():
    out = run(["-c", "import portal.wsgi; from django.conf import settings as s; print(s.DEBUG, s.SETTINGS_MODULE)"],
              DJANGO_SECRET_KEY=SECRET)
    assert last_line(out) == ["False", "portal.settings.production"], out.stderr


def test_make_run_chooses_the_development_settings_explicitly():
    makefile = (ROOT / "Makefile").read_text()
    line = next(line for line in makefile.splitlines() if "export DJANGO_SETTINGS_MODULE" in line)
    assert line.split(":")[0].split() and "run" in line.split(":")[0].split()
    assert line.rstrip().endswith("portal.settings.dev")


def test_https_and_hsts_are_on_in_production_unless_switched_off():
    expr = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF)")
    on = run(["manage.py", "shell", "-c", expr], DJANGO_SECRET_KEY=SECRET)
    assert last_line(on) == ["True", "31536000", "True", "DENY", "True"], on.stderr
    off = run(["manage.py", "shell", "-c", expr], DJANGO_SECRET_KEY=SECRET, DJANGO_SECURE_SSL_REDIRECT="0",
              DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="0")
    assert last_line(off) == ["False", "0", "False", "DENY", "True"], off.stderr


# ---- responses -------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_every_response_carries_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytestmark_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_plain_http_is_redirected_and_https_answers_with_hsts(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    secure = client.get("/accounts/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/health/live/").status_code != 301  # the load balancer's probes stay on HTTP


@pytestmark_db
def test_the_admin_gets_only_the_exceptions_it_needs(login):
    editor = make_user("csp_admin", is_staff=True, is_superuser=True)
    response = login(editor).get("/admin/")
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # Wagtail's live preview
    assert policy["object-src"] == ["'none'"] and policy["form-action"] == ["'self'"]


@pytestmark_db
def test_the_portals_own_pages_pass_the_policy(employee, login, client):
    """No inline script, style attribute, <style> or event handler on the
    pages people use, so the strict policy blocks nothing of the portal's."""
    policy = make_policy(parts=[("chapter", "总则"), ("article", "第一句。"), ("article", "第二句。")])
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, employee, now=T0)
    anonymous = {"/accounts/login/": client, "/accounts/password/reset/": client}
    signed_in = login(employee)
    pages = {**anonymous, **{url: signed_in for url in [
        "/", "/policies/", policy.url, f"{policy.url}versions/", "/search/?q=培训", "/my/tasks/",
        "/my/learning/", "/my/notifications/"]}}
    problems = {}
    for url, who in pages.items():
        response = who.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        found = violations(response.content.decode())
        if found:
            problems[url] = found
    with at(T0):  # the exam's pages on the exam's own clock
        for url in (attempt_url(exam, attempt), exam.url):
            response = signed_in.get(url)
            assert response.status_code == 200, url
            if violations(response.content.decode()):
                problems[url] = violations(response.content.decode())
    assert problems == {}


def test_no_served_template_has_inline_style():
    """Style lives in static/css; only the PDF templates (read by WeasyPrint,
    never by a browser) carry a <style> element."""
    problems = []
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        name = str(path.relative_to(settings.BASE_DIR))
        if "/pdf/" in name:
            continue
        text = path.read_text(encoding="utf-8")
        problems += [f"{name}: {m.group(0)}" for m in STYLE_ATTRIBUTE.finditer(text)]
        problems += [f"{name}: <style>" for _ in re.finditer(r"<style\b", text, re.I)]
    assert problems == []
