import pytest
from django.core.management import call_command
from django.test import override_settings

from people.models import Profile

pytestmark = pytest.mark.django_db


@override_settings(PORTAL_DEMO_MODE=True)
def test_login_page_lists_demo_accounts_in_demo_mode(client):
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    html = client.get("/accounts/login/").content.decode()
    assert "演示账号" in html
    for username in ["hr", "editor", "reviewer", "approver", "employee", "trainee", "trainer", "examiner"]:
        assert f"<code>{username}</code>" in html


@override_settings(PORTAL_DEMO_MODE=False)
def test_login_page_hides_demo_accounts_outside_demo_mode(client):
    html = client.get("/accounts/login/").content.decode()
    assert "员工登录" in html
    assert "演示账号" not in html


def test_setup_demo_is_repeatable_and_demo_logins_work(client, settings):
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    assert Profile.objects.filter(user__username="secret").get().clearance == 2
    assert client.login(username="employee", password=settings.PORTAL_DEMO_PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    assert "规章制度" in response.content.decode()


def test_wrong_password_gets_a_chinese_message(client):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    assert "用户名或密码不正确" in response.content.decode()


def test_english_is_available_by_switching_language(client):
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in html
    assert "Employee login" in html


def test_an_english_browser_still_gets_chinese_until_the_reader_switches(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html
    assert "员工登录" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Employee login" in html
