"""Every role's main journey on the demo data (``setup_demo``), in Chromium at
1280×800 and on a 390×844 phone. Each page must load without a console
error, without a response ≥ 500, without a missing static file and, on the
phone, without text overflowing its box; the main pages pass axe-core
(npm, ``make install``) with no serious or critical violation. The final
page of each journey is saved under ``tests/artifacts/`` (ignored by git).

The demo is built once and every journey runs in one test, in one browser:
building it costs more than all the walking."""
import io
import pathlib

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

OVERFLOW_JS = """() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) found.push(`page ${root.scrollWidth}px > ${root.clientWidth}px`);
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.clientWidth === 0) continue;
    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) continue;
    if (el.closest('.table-scroll, pre, .visually-hidden')) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 30)}`);
    }
  }
  return found.slice(0, 8);
}"""

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}"""


def journeys():
    """(username, [(url or callable → url, check with axe)]) for each role;
    the last page of each is the journey's screenshot."""
    from lms.models import TraineePlanTable
    from policies.models import PolicyIndexPage, PolicyPage

    library = PolicyIndexPage.objects.first().url
    public = PolicyPage.objects.live().filter(confidentiality=0).order_by("pk").first().url
    confidential = PolicyPage.objects.get(document_number="SH-BM-001").url
    newcomer_table = TraineePlanTable.objects.get(trainee__username="newcomer").get_absolute_url()
    revised = PolicyPage.objects.get(document_number="RZ-XZ-001").url + "compare/1/2/"
    trainee_table = TraineePlanTable.objects.get(trainee__username="trainee").get_absolute_url()
    return {
        "employee": [("/", True), ("/my/tasks/", True), (library, True), (public, True), ("/search/?q=培训", True),
                     (revised, True), ("/training/plans/", True)],
        "trainee": [("/", True), ("/my/tasks/", False), ("/my/learning/", True), (trainee_table, True),
                    ("/exams/", True)],
        "newcomer": [("/", False), ("/my/tasks/", False), (newcomer_table, False)],
        "trainer": [("/", False), ("/my/learning/", False), (trainee_table, False)],
        "examiner": [("/", True), ("/my/tasks/", False), ("/my/examinations/", True)],
        "secret": [("/", False), (confidential, True), (confidential + "versions/", False)],
        "reviewer": [("/", False), ("/my/tasks/", False), (confidential, False)],
        "approver": [("/", True), ("/my/tasks/", False), ("/training/plans/", False)],
        "head_quality": [("/", False), ("/my/learning/", False), ("/training/plans/", True)],
        "evp": [("/", False), ("/my/tasks/", False), (newcomer_table, False)],
        "hr": [("/", False), ("/my/tasks/", False), ("/training/plan-tables/", True)],
    }


#: What each role's dashboard must show on the demo data: (panel id, text in it).
DASHBOARD = {
    "employee": [("panel-revisions", "新员工入职须知"), ("panel-courses", "新员工入职培训"),
                 ("panel-results", "暂无考试成绩")],
    "trainee": [("panel-revisions", "新员工入职须知"), ("panel-courses", "我的培训计划表"),
                ("panel-results", "待阅卷")],
    "examiner": [("panel-courses", "新员工入职培训"), ("panel-results", "暂无考试成绩")],
    "approver": [("panel-revisions", "新员工入职须知"), ("panel-results", "暂无考试成绩")],
}


def login_cookie(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


def watch(page, problems, where):
    """Record on ``problems`` every console error, script error, response
    ≥ 500 and missing static file of ``page``, prefixed with ``where["at"]``."""
    def on_response(response):
        if response.status >= 500:
            problems.append(f"{where['at']}: HTTP {response.status} {response.url}")
        elif "/static/" in response.url and response.status >= 400:
            problems.append(f"{where['at']}: missing static file {response.url}")

    page.on("console", lambda m: m.type == "error" and problems.append(f"{where['at']}: console {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{where['at']}: script error {e}"))
    page.on("response", on_response)


def test_every_role_walks_their_main_journey_on_desktop_and_phone(browser, live_server):
    call_command("setup_demo", stdout=io.StringIO())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for username, steps in journeys().items():
        cookie = login_cookie(username)
        for viewport_name, viewport in VIEWPORTS.items():
            # axe-core is injected as a script tag, which the portal's CSP refuses:
            # the desktop pass lets it in; the phone pass keeps the CSP enforced.
            context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport=viewport,
                                          bypass_csp=viewport_name == "desktop")
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
            page = context.new_page()
            page.set_default_timeout(15000)
            where = {"at": ""}
            watch(page, problems, where)
            for url, with_axe in steps:
                where["at"] = f"{username} {viewport_name} {url}"
                response = page.goto(url)
                page.wait_for_load_state("load")
                if response is None or response.status >= 400:
                    problems.append(f"{where['at']}: HTTP {response and response.status}")
                if viewport_name == "phone":
                    problems += [f"{where['at']}: overflows {item}" for item in page.evaluate(OVERFLOW_JS)]
                if url == "/":
                    for panel, text in DASHBOARD.get(username, []):
                        shown = page.locator(f"#{panel}")
                        if not shown.is_visible() or text not in shown.inner_text():
                            problems.append(f"{where['at']}: dashboard {panel} does not show {text}")
                if with_axe and viewport_name == "desktop" and AXE.exists():
                    page.add_script_tag(path=str(AXE))
                    problems += [f"{where['at']}: axe {item}" for item in page.evaluate(AXE_JS)]
            page.screenshot(path=str(ARTIFACTS / f"{username}-{viewport_name}.png"), full_page=True)
            context.close()
    assert AXE.exists(), "axe-core is missing: run make install (npm ci)"
    assert not problems, "\n".join(problems)
