"""A policy's text (its numbered body and contents) is rendered once per
published revision and kept in the cache; the cache never stands in for the
access check, never serves a draft, and a new publication is read at once."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from people.models import Confidentiality
from policies import reading
from policies.models import PolicyPage
from tests.factories import body, make_policy, make_scoped_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db

PARTS = [("chapter", "总则"), ("article", "为规范值班工作，制定本制度。"), ("article", "值班人员须按时交接班。")]


def cached_readings():
    return [key for key in cache._cache if ":policies:reading:" in key]  # locmem's own store


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_text_is_rendered_once_and_read_from_the_cache_afterwards(employee, login, monkeypatch):
    page = make_policy(parts=PARTS)
    client = login(employee)
    first = client.get(page.url).content.decode()
    assert "值班人员须按时交接班" in first and len(cached_readings()) == 1
    monkeypatch.setattr(PolicyPage, "numbered_body", lambda self: pytest.fail("the text was rendered again"))
    second = client.get(page.url).content.decode()
    assert "值班人员须按时交接班" in second and 'href="#article-2"' in second


def test_publishing_a_new_revision_shows_the_new_text_at_once(employee, login):
    page = make_policy(parts=PARTS)
    client = login(employee)
    assert "按时交接班" in client.get(page.url).content.decode()
    publish_new_version(page, "交接班须签字", parts=[("chapter", "总则"), ("article", "值班人员交接班须签字确认。")])
    html = client.get(page.url).content.decode()
    assert "交接班须签字确认" in html and "按时交接班" not in html


def test_a_saved_draft_changes_nothing_readers_see_and_its_preview_shows_the_draft(employee, login):
    page = make_policy(parts=PARTS)
    assert "按时交接班" in login(employee).get(page.url).content.decode()
    draft = PolicyPage.objects.get(pk=page.pk)
    draft.body = body(("article", "草稿：值班制度修订中。"))
    draft.save_revision()
    reader_html = login(employee).get(page.url).content.decode()
    assert "按时交接班" in reader_html and "草稿" not in reader_html
    editor = make_user("editor_draft", groups=["制度编辑"])
    preview = login(editor).get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    assert "草稿：值班制度修订中" in preview and "按时交接班" not in preview


def test_a_cached_text_is_still_refused_to_a_reader_who_is_not_cleared(login):
    secret = make_scoped_policy(title="备件底价管理办法", document_number="RC-001", confidentiality=Confidentiality.SECRET,
                                parts=[("article", "备件底价按季度核定。")])
    cleared = make_user("cleared_reader", clearance=Confidentiality.SECRET)
    assert "按季度核定" in login(cleared).get(secret.url).content.decode()
    assert cached_readings()
    response = login(make_user("public_reader", clearance=Confidentiality.PUBLIC)).get(secret.url)
    assert response.status_code == 403 and "按季度核定" not in response.content.decode()


def test_the_simplified_reading_of_a_traditional_policy_is_cached_apart_from_the_original(employee, login):
    page = make_policy(title="員工請假管理辦法", parts=[("chapter", "總則"), ("article", "為規範員工請假管理，特制定本辦法。"),
                                                   ("article", "員工請假須經部門負責人批准。")])
    client = login(employee)
    original = client.get(page.url).content.decode()
    simplified = client.get(page.url, {"script": "hans"}).content.decode()
    assert "為規範員工請假管理" in original and "为规范员工请假管理" not in original
    assert "为规范员工请假管理" in simplified and "為規範員工請假管理" not in simplified
    assert "為規範員工請假管理" in client.get(page.url).content.decode()
    assert len(cached_readings()) == 2


def test_the_key_names_the_revision_and_the_language():
    page = make_policy(parts=PARTS)
    key = reading._key(page, page.live_revision_id, "")
    assert f":{page.pk}:{page.live_revision_id}:" in key and ":zh-hans:" in key
    newer = publish_new_version(page, "修订", parts=[("article", "新条文。")])
    assert reading._key(newer, newer.live_revision_id, "") != key
