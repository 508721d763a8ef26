"""Everything a page needs comes from the portal itself (an intranet reaches
no CDN, no web font, no Gravatar), and no page relies on inline script, so a
Content-Security-Policy without 'unsafe-inline' can be switched on."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db

# src= / href= values of <script>, <link> and <img>, the things a browser fetches by itself.
FETCHED = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"', re.I)


def fetched_urls(html):
    return FETCHED.findall(html)


def test_the_payroll_api_docs_load_swagger_ui_from_the_portal(client):
    response = client.get("/api/payroll/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    urls = fetched_urls(html)
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls)
    assert urls and all(url.startswith(settings.STATIC_URL) for url in urls), urls
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_portal_pages_fetch_nothing_from_elsewhere(employee, login):
    policy = make_policy(parts=[("chapter", "总则"), ("article", "第一句。"), ("article", "第二句。")])
    client = login(employee)
    for url in ["/", "/policies/", policy.url, "/search/?q=培训", "/my/tasks/", "/my/learning/"]:
        urls = fetched_urls(client.get(url).content.decode())
        assert urls, url
        outside = [u for u in urls if not u.startswith("/") or u.startswith("//")]
        assert outside == [], (url, outside)


def test_the_admin_shows_no_gravatar(login):
    editor = make_user("admin_avatar_t", email="editor@example.com")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = login(editor).get("/admin/").content.decode()
    assert "gravatar.com" not in html


def test_no_template_carries_inline_script():
    """No onclick=/onchange= handlers, no javascript: links, no <script> with code
    in it: behaviour lives in static .js files (json_script data is allowed)."""
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    problems = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(settings.BASE_DIR))
        problems += [f"{name}: {m.group(0).strip()}" for m in handler.finditer(text)]
        problems += [f"{name}: javascript: URL" for _ in re.finditer(r"javascript:", text)]
        problems += [f"{name}: {m.group(0)}" for m in inline_script.finditer(text)]
    assert problems == []


def test_the_language_switch_names_each_language_in_itself(client):
    html = client.get("/accounts/login/").content.decode()
    switch = html.split('class="lang-switch"')[1].split("</form>")[0]
    assert ">简体中文</button>" in switch and ">English</button>" in switch
    assert 'name="language" value="en"' in switch
    assert "onchange" not in switch


def test_the_favicon_is_the_portals_own(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert (Path(settings.BASE_DIR) / "static" / "img" / "favicon.svg").read_text().lstrip().startswith("<svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
