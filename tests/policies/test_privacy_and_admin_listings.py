"""Wagtail's own privacy settings (PageViewRestriction) hold on every route of
a policy, in search, the library and notifications; and the admin's page
listings, chooser and search keep confidential policies from editors who are
not cleared for them."""
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

from people.models import Confidentiality, Notification
from policies.models import AcknowledgementTask
from tests.factories import DepartmentFactory, make_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db

RESTRICTED_TEXT = "董事会专项奖金按季度核定发放"
CONFIDENTIAL_TITLE = "备件底价管理办法"


def reader_routes(page):
    return [
        page.url, page.url + "versions/", page.url + "versions/1/", page.url + "versions/2/",
        page.url + "compare/1/2/", page.url + "pdf/", page.url + "versions/1/pdf/",
    ]


@pytest.fixture
def board(db):
    return Group.objects.create(name="董事会成员")


@pytest.fixture
def restricted(board, django_capture_on_commit_callbacks):
    """A public-level policy that Wagtail's privacy setting limits to a group."""
    page = make_policy(title="专项奖金办法", parts=[("article", RESTRICTED_TEXT + "。")], publish=False)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(board)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page = publish_new_version(page, "改为按月核定", parts=[("article", RESTRICTED_TEXT + "，按月核定。")])
    return page


@pytest.fixture
def member(board):
    user = make_user("board_member", email="member@example.com")
    user.groups.add(board)
    return user


@pytest.fixture
def outsider(db):
    return make_user("not_on_board", clearance=Confidentiality.TOP_SECRET, email="outsider@example.com")


def test_group_member_reads_every_route_of_a_restricted_policy(restricted, member, login):
    client = login(member)
    for url in reader_routes(restricted):
        assert client.get(url).status_code == 200, url
    assert RESTRICTED_TEXT in client.get(restricted.url).content.decode()


def test_outsider_never_gets_the_text_of_a_restricted_policy_on_any_route(restricted, outsider, login):
    client = login(outsider)
    for url in reader_routes(restricted):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert RESTRICTED_TEXT not in response.content.decode(errors="ignore"), url


def test_routes_check_the_restriction_themselves(restricted, outsider, rf):
    """Not only Wagtail's serve hook: the page's own check refuses too."""
    from django.core.exceptions import PermissionDenied

    request = rf.get(restricted.url + "versions/1/")
    request.user = outsider
    request.session = {}
    with pytest.raises(PermissionDenied):
        restricted.check_access(request)


def test_site_search_and_library_leave_out_a_restricted_policy(restricted, outsider, member, login):
    outsider_search = login(outsider).get("/search/", {"q": "专项奖金"}).content.decode()
    assert "专项奖金办法" not in outsider_search and "按季度核定" not in outsider_search
    member_search = login(member).get("/search/", {"q": "专项奖金"}).content.decode()
    assert "专项奖金办法" in member_search and "<mark>" in member_search
    library = restricted.get_parent().url
    assert "专项奖金办法" not in login(outsider).get(library).content.decode()
    assert "专项奖金办法" in login(member).get(library).content.decode()


def test_only_people_let_in_are_asked_to_acknowledge_and_notified(
    board, member, outsider, django_capture_on_commit_callbacks
):
    page = make_policy(title="董事会议事规则", parts=[("article", RESTRICTED_TEXT + "。")], publish=False)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(board)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert AcknowledgementTask.objects.filter(user=member, version__page=page).exists()
    assert Notification.objects.filter(user=member).exists()
    assert any("member@example.com" in m.to for m in mail.outbox)
    assert not AcknowledgementTask.objects.filter(user=outsider).exists()
    assert not Notification.objects.filter(user=outsider).exists()
    assert all("outsider@example.com" not in m.to for m in mail.outbox)


def test_password_protected_policy_asks_for_the_password_on_every_route(login, employee):
    page = make_policy(title="薪酬保密办法", parts=[("article", RESTRICTED_TEXT + "。")], publish=False)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="k3y")
    page.save_revision().publish()
    client = login(employee)
    for url in [page.url, page.url + "versions/", page.url + "versions/1/", page.url + "pdf/"]:
        response = client.get(url)
        html = response.content.decode(errors="ignore")
        assert RESTRICTED_TEXT not in html, url
        assert 'name="password"' in html, url
    assert "薪酬保密办法" not in client.get("/search/", {"q": "专项奖金"}).content.decode()


# ---- the admin -----------------------------------------------------------------


@pytest.fixture
def confidential(db):
    dept = DepartmentFactory(code="after-sales", name="售后部")
    page = make_policy(
        title=CONFIDENTIAL_TITLE, confidentiality=Confidentiality.CONFIDENTIAL,
        parts=[("article", "备件底价为成本价上浮百分之五。")], publish=False,
    )
    page.scope_departments.add(dept)
    page.save_revision().publish()
    return page


def admin_listings(page):
    return [
        reverse("wagtailadmin_pages:search") + "?q=备件底价",
        reverse("wagtailadmin_pages:search_results") + "?q=备件底价",
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        reverse("wagtailadmin_choose_page_child", args=[page.get_parent().pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=备件底价",
        reverse("wagtailadmin_pages:type_use", args=["policies", "policypage"]),
    ]


def listing_html(response):
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]  # the choosers answer JSON
    return response.content.decode()


def test_admin_listings_and_search_hide_a_policy_from_an_uncleared_editor(confidential, login):
    editor = make_user("editor_public", clearance=Confidentiality.PUBLIC, groups=["制度编辑"])
    client = login(editor)
    for url in admin_listings(confidential):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CONFIDENTIAL_TITLE not in listing_html(response), url


def test_admin_listings_and_search_show_it_to_a_cleared_editor(confidential, login):
    editor = make_user(
        "editor_cleared", clearance=Confidentiality.CONFIDENTIAL,
        department=confidential.scope_departments.first(), groups=["制度编辑"],
    )
    client = login(editor)
    for url in admin_listings(confidential):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CONFIDENTIAL_TITLE in listing_html(response), url


def test_a_restriction_on_the_library_holds_for_every_policy_in_it(board, member, outsider, login):
    page = make_policy(title="库内制度", parts=[("article", RESTRICTED_TEXT + "。")])
    restriction = PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    assert "库内制度" not in login(outsider).get("/search/", {"q": "专项奖金"}).content.decode()
    assert "库内制度" in login(member).get("/search/", {"q": "专项奖金"}).content.decode()
    response = login(outsider).get(page.url + "versions/1/")
    assert RESTRICTED_TEXT not in response.content.decode()
