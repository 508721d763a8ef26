"""Browser journeys: Debian's Chromium (/usr/bin/chromium) driven by
Playwright's Python package against pytest-django's live server.

Playwright's own browser download is not used: tests launch the system
Chromium with ``executable_path`` and are skipped, with the reason, when it
or the playwright package is missing."""
import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reason = None
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright Python package is not installed (pip install playwright)"
    if reason:
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


def _keep_serialized_contents():
    """Playwright's sync API switches greenlets, and each greenlet has its own
    contextvars, so Django's ``connections`` can hand a later test a fresh
    DatabaseWrapper without the ``_test_serialized_contents`` captured at set-up:
    ``serialized_rollback`` then silently restores nothing after a flush
    (no Wagtail root page, no Locale). Keep the contents on the class."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    from playwright.sync_api import sync_playwright

    _keep_serialized_contents()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page_as(browser, live_server):
    """``page_as(user)``: a browser tab logged in as ``user`` (session cookie
    from Django's test client, so no login form round trip)."""
    from django.test import Client

    from tests.factories import PASSWORD

    contexts = []

    def _page_as(user):
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield _page_as
    for context in contexts:
        context.close()
