"""Confidential policies never reach people without clearance, on any route."""
import pytest
from django.urls import reverse

from people.models import Confidentiality
from tests.factories import DepartmentFactory, make_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db

SECRET_TEXT = "机密条款：售后备件底价为成本价上浮百分之五。"


@pytest.fixture
def confidential(db):
    dept = DepartmentFactory(code="after-sales", name="售后部")
    page = make_policy(
        title="售后备件价格管理办法",
        confidentiality=Confidentiality.CONFIDENTIAL,
        parts=[("article", SECRET_TEXT)],
    )
    page.scope_departments.add(dept)
    page.save_revision().publish()
    page = publish_new_version(page, "调整上浮比例", parts=[("article", SECRET_TEXT + "另行通知。")])
    page.scope_departments.add(dept)
    page.save_revision().publish()
    return page


@pytest.fixture
def cleared(confidential):
    dept = confidential.scope_departments.first()
    return make_user("cleared_t", clearance=Confidentiality.CONFIDENTIAL, department=dept)


@pytest.fixture
def uncleared(confidential):
    dept = confidential.scope_departments.first()
    return make_user("uncleared_t", clearance=Confidentiality.SECRET, department=dept)


@pytest.fixture
def cleared_elsewhere(confidential):
    return make_user("outsider_t", clearance=Confidentiality.TOP_SECRET, department=DepartmentFactory(code="sales"))


def reader_routes(page):
    return [page.url, page.url + "versions/", page.url + "versions/1/", page.url + "compare/1/2/"]


def test_cleared_reader_in_scope_reads_every_route(confidential, cleared, login):
    client = login(cleared)
    for url in reader_routes(confidential):
        response = client.get(url)
        assert response.status_code == 200, url
    assert SECRET_TEXT in client.get(confidential.url).content.decode()


@pytest.mark.parametrize("who", ["uncleared", "cleared_elsewhere"])
def test_reader_without_clearance_or_scope_gets_403_and_never_the_text(who, confidential, request, login):
    client = login(request.getfixturevalue(who))
    for url in reader_routes(confidential):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "售后备件底价" not in response.content.decode()


def test_anonymous_visitor_gets_the_login_page_on_every_route(confidential, client):
    for url in reader_routes(confidential):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_library_listing_hides_what_the_reader_may_not_see(confidential, uncleared, cleared, login):
    index_url = confidential.get_parent().url
    assert "售后备件价格管理办法" not in login(uncleared).get(index_url).content.decode()
    assert "售后备件价格管理办法" in login(cleared).get(index_url).content.decode()


def test_search_results_hide_confidential_policies(confidential, uncleared, cleared, login):
    assert "售后备件价格管理办法" not in login(uncleared).get("/search/?q=售后备件").content.decode()
    assert "售后备件价格管理办法" in login(cleared).get("/search/?q=售后备件").content.decode()


def admin_routes(page):
    revision = page.latest_revision
    first = page.versions.get(number=1).revision
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, revision.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
    ]


def test_editor_without_clearance_cannot_open_the_text_in_the_admin(confidential, login):
    editor = make_user("editor_low", clearance=Confidentiality.SECRET, groups=["制度编辑"])
    client = login(editor)
    for url in admin_routes(confidential):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "售后备件底价" not in response.content.decode()


def test_editor_with_clearance_can_edit_in_the_admin(confidential, login):
    dept = confidential.scope_departments.first()
    editor = make_user("editor_high", clearance=Confidentiality.CONFIDENTIAL, department=dept, groups=["制度编辑"])
    response = login(editor).get(reverse("wagtailadmin_pages:edit", args=[confidential.pk]))
    assert response.status_code == 200


def test_public_policy_is_open_to_every_employee(employee, login):
    page = make_policy(title="考勤制度")
    assert login(employee).get(page.url).status_code == 200
