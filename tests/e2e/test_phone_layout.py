"""The portal on a 390 px phone: nothing wider than the screen, tables that
scroll inside their own box instead of wrapping one character per line, a
menu button that opens the navigation (by keyboard too), the policy's
contents folded into a <details>; and the redline's 只看修改 switch."""
import pytest

from tests.factories import make_policy, make_user, publish_new_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LONG_TITLE = "售后服务人员培训、考核、定级与薪资管理办法（试行）"


def overflow(page):
    """How many pixels the page is wider than the screen (0: it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def on_a_phone(page_as, user):
    page = page_as(user)
    page.set_viewport_size(PHONE)
    return page


def long_policy(**fields):
    parts = [("chapter", "总则")] + [("article", f"第{n}项规定：{'培训计划须经人资部审核后报总经理批准。' * 3}")
                                    for n in range(1, 6)]
    parts += [("chapter", "附则"), ("article", "本制度由人资部负责解释。")]
    return make_policy(LONG_TITLE, parts=parts, **fields)


def test_the_policy_page_fits_a_phone_and_folds_its_contents(page_as):
    policy = long_policy()
    page = on_a_phone(page_as, make_user("phone_reader"))
    page.goto(policy.url)
    assert overflow(page) == 0
    contents = page.locator("details.toc")
    assert contents.get_attribute("open") is None  # folded on a phone
    assert not page.get_by_role("link", name="第二章 附则").is_visible()
    contents.locator("summary").click()
    page.get_by_role("link", name="第二章 附则").click()
    page.wait_for_url("**#chapter-2")
    assert contents.get_attribute("open") is None  # folds again once the reader has jumped
    assert overflow(page) == 0


def test_the_library_and_my_tasks_fit_a_phone_with_readable_table_cells(page_as):
    for n in range(3):
        make_policy(f"{LONG_TITLE}{n}", document_number=f"ZD-PHONE-{n:02d}")
    page = on_a_phone(page_as, make_user("phone_employee"))
    for url in ["/policies/", "/my/tasks/", "/my/learning/"]:
        page.goto(url)
        assert overflow(page) == 0, url
    page.goto("/my/tasks/")
    cell = page.locator("table.tasks tbody tr td").first
    assert cell.bounding_box()["width"] > 120, "a title column several characters wide, not one"
    page.goto("/policies/")
    title = page.locator("table.policy-list td.title").first
    assert title.bounding_box()["width"] > 150
    assert "ZD-PHONE-00" in title.inner_text()  # the number moves under the title on a phone


def test_the_menu_button_opens_and_closes_the_navigation_from_the_keyboard(page_as):
    page = on_a_phone(page_as, make_user("phone_keyboard"))
    page.goto("/my/tasks/")
    tasks_link = page.locator(".main-nav").get_by_role("link", name="我的待办")
    button = page.get_by_role("button", name="菜单")
    assert not tasks_link.is_visible() and button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert tasks_link.is_visible() and page.get_by_role("button", name="English").is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not tasks_link.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-nav-toggle')")


def test_the_changes_only_switch_folds_the_unchanged_articles(page_as):
    policy = make_policy(parts=[("article", "不变的条款。"), ("article", "新员工岗前培训时间为一个月。")])
    publish_new_version(policy, "延长岗前培训", parts=[("article", "不变的条款。"), ("article", "新员工岗前培训时间为两个月。")])
    page = page_as(make_user("redline_reader"))
    page.goto(policy.url + "compare/1/2/")
    unchanged = page.locator(".redline-row.same")
    assert unchanged.is_visible()
    page.get_by_text("只看修改").click()
    assert not unchanged.is_visible() and page.locator(".redline-row.changed").is_visible()
    page.get_by_text("只看修改").click()
    assert unchanged.is_visible()
