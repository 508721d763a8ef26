"""Error pages in the portal's own design: the reason in Chinese and a way
back, never Django's bare English pages."""
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from people.models import Confidentiality
from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db


def test_a_confidential_policy_refuses_with_the_chinese_reason_and_a_way_home(employee, login):
    secret = make_policy("售后服务内部定价", confidentiality=Confidentiality.CONFIDENTIAL)
    response = login(employee).get(secret.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "您没有阅读此密级文件的权限。" in html
    assert '<a class="button" href="/">' in html and "返回首页" in html
    assert "售后服务内部定价" not in html  # the title stays secret too
    assert "403 Forbidden" not in html


def test_the_refusal_reason_follows_the_language_switch(employee, login):
    secret = make_policy(confidentiality=Confidentiality.SECRET)
    client = login(employee)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(secret.url).content.decode()
    assert 'lang="en"' in html and "Back to the home page" in html
    assert "您没有阅读此密级文件的权限。" not in html


@override_settings(DEBUG=False)
def test_an_unknown_address_shows_the_styled_404_page(employee, login):
    response = login(employee).get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html
    assert "/static/css/portal.css" in html
    assert "/no/such/page/" in html  # the address the reader asked for
    assert "Page not found" not in html and "Using the URLconf" not in html


def test_the_500_page_renders_without_a_request_or_the_database():
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("500.html")
    assert len(queries) == 0
    assert "服务暂时不可用" in html and 'href="/"' in html
    assert "/static/css/portal.css" in html
    assert "{{" not in html and "{%" not in html


@override_settings(ROOT_URLCONF="tests.portal.urls_failing", DEBUG=False)
def test_a_failing_view_answers_with_the_portal_500_page():
    user = make_user("failing_t")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get("/failing/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务暂时不可用" in html
    assert "a bug the reader should never see" not in html


@override_settings(DEBUG=True)
def test_under_debug_a_reader_still_gets_the_styled_404_not_the_technical_page(employee, login):
    response = login(employee).get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html
    assert "Using the URLconf" not in html and "Page not found" not in html
