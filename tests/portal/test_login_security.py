"""Logins: repeated failures lock an account and an address out (portal and
admin alike) with a Chinese message until the cool-off or HR's unlock; a
forgotten password is reset by email; HR, approvers and payroll-token
holders verify a TOTP code when the portal requires a second factor."""
import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import PayrollAPIToken
from people.permissions import HR, POLICY_APPROVERS
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LIMIT = 5
ADDRESS_A, ADDRESS_B = "10.0.0.5", "10.0.0.6"


def portal_login(client, username, password, address=ADDRESS_A):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(username, times=LIMIT, address=ADDRESS_A, url="/accounts/login/"):
    client = Client()
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-password"}, REMOTE_ADDR=address)
        assert response.status_code in (200, 429)


def is_logged_in(client):
    return "_auth_user_id" in client.session


# ---- lockout ----------------------------------------------------------------------


def test_an_account_is_locked_after_repeated_failures_from_any_address():
    make_user("lock_alice")
    fail("lock_alice")
    for address in (ADDRESS_A, ADDRESS_B):
        client = Client()
        response = portal_login(client, "lock_alice", PASSWORD, address)
        html = response.content.decode()
        assert response.status_code == 429
        assert "登录失败次数过多" in html and "联系人资部解锁" in html
        assert not is_logged_in(client)


def test_an_address_is_locked_after_failures_on_several_accounts():
    make_user("lock_bob")
    for number in range(LIMIT):
        fail(f"nobody{number}", times=1, address=ADDRESS_A)
    blocked = Client()
    assert portal_login(blocked, "lock_bob", PASSWORD, ADDRESS_A).status_code == 429
    assert not is_logged_in(blocked)
    elsewhere = Client()
    assert portal_login(elsewhere, "lock_bob", PASSWORD, ADDRESS_B).status_code == 302
    assert is_logged_in(elsewhere)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in():
    make_user("lock_carol")
    fail("lock_carol", times=LIMIT - 1)
    client = Client()
    assert portal_login(client, "lock_carol", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_the_admin_login_is_locked_out_too():
    make_user("lock_admin", is_staff=True, is_superuser=True)
    fail("lock_admin", url="/admin/login/")
    client = Client()
    response = client.post("/admin/login/", {"username": "lock_admin", "password": PASSWORD}, REMOTE_ADDR=ADDRESS_B)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert not is_logged_in(client)


def test_failures_on_the_admin_and_the_portal_count_together():
    make_user("lock_dave")
    fail("lock_dave", times=3, url="/admin/login/")
    fail("lock_dave", times=2)
    assert portal_login(Client(), "lock_dave", PASSWORD).status_code == 429


# ---- HR unlock --------------------------------------------------------------------


def test_hr_sees_the_lockout_and_unlocks_the_account(login):
    make_user("lock_erin")
    hr = make_user("lock_hr", groups=[HR], is_staff=True)
    fail("lock_erin", address=ADDRESS_A)
    admin = login(hr)
    page = admin.get("/admin/people/lockouts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<code>lock_erin</code>" in html and "解锁" in html

    response = admin.post("/admin/people/lockouts/", {"kind": "username", "value": "lock_erin"})
    assert response.status_code == 302
    assert "<code>lock_erin</code>" not in admin.get("/admin/people/lockouts/").content.decode()
    client = Client()
    assert portal_login(client, "lock_erin", PASSWORD, ADDRESS_B).status_code == 302
    assert is_logged_in(client)


def test_hr_unlocks_an_address(login):
    make_user("lock_fay")
    hr = make_user("lock_hr2", groups=[HR], is_staff=True)
    for number in range(LIMIT):
        fail(f"ghost{number}", times=1, address=ADDRESS_A)
    assert portal_login(Client(), "lock_fay", PASSWORD, ADDRESS_A).status_code == 429
    login(hr).post("/admin/people/lockouts/", {"kind": "ip_address", "value": ADDRESS_A})
    assert portal_login(Client(), "lock_fay", PASSWORD, ADDRESS_A).status_code == 302


def test_only_holders_of_the_unlock_permission_may_unlock(login):
    make_user("lock_gus")
    fail("lock_gus")
    editor = make_user("lock_editor", is_staff=True, groups=[POLICY_APPROVERS])
    client = login(editor)
    assert client.get("/admin/people/lockouts/").status_code in (302, 403)
    client.post("/admin/people/lockouts/", {"kind": "username", "value": "lock_gus"})
    assert portal_login(Client(), "lock_gus", PASSWORD).status_code == 429


# ---- password reset -----------------------------------------------------------------


def test_a_forgotten_password_is_reset_by_email(client):
    make_user("reset_hana", email="hana@example.com")
    assert "忘记密码" in client.get("/accounts/login/").content.decode()
    form = client.get("/accounts/password/reset/")
    assert form.status_code == 200 and "重设密码" in form.content.decode()
    sent = client.post("/accounts/password/reset/", {"email": "hana@example.com"})
    assert sent.status_code == 302
    assert "重设链接已发送" in client.get(sent["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hana@example.com"] and "重设密码" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    confirm = client.get(link, follow=True)
    assert "设置新密码" in confirm.content.decode()
    done = client.post(confirm.redirect_chain[-1][0], {"new_password1": "Xin-mima-2026!", "new_password2":
                                                       "Xin-mima-2026!"}, follow=True)
    assert "密码已重设" in done.content.decode()
    fresh = Client()
    assert portal_login(fresh, "reset_hana", "Xin-mima-2026!").status_code == 302
    assert client.get(link).status_code == 200 and "重设链接无效" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


# ---- the second factor ----------------------------------------------------------------


def code_for(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_hr_sets_up_and_verifies_a_second_factor_when_required(settings):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = True
    hr = make_user("otp_hr", groups=[HR], is_staff=True)
    client = Client()
    assert portal_login(client, "otp_hr", PASSWORD).status_code == 302
    home = client.get("/my/tasks/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/second-factor/?next=")
    assert client.get("/admin/").status_code == 302  # the admin too

    setup = client.get(home["Location"])
    html = setup.content.decode()
    assert "<svg" in html and "验证器应用" in html
    wrong = client.post(home["Location"], {"token": "000000" if code_for(hr) != "000000" else "111111"})
    assert "动态口令不正确" in wrong.content.decode()
    assert client.get("/my/tasks/").status_code == 302
    retry_at_once = client.post(home["Location"], {"token": code_for(hr)})
    assert "请稍等片刻" in retry_at_once.content.decode()  # django-otp's throttle after a wrong code
    TOTPDevice.objects.filter(user=hr).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    verified = client.post(home["Location"], {"token": code_for(hr)})
    assert verified.status_code == 302 and verified["Location"] == "/my/tasks/"
    assert client.get("/my/tasks/").status_code == 200
    assert TOTPDevice.objects.get(user=hr).confirmed


def test_approvers_and_payroll_token_holders_need_it_and_employees_do_not(settings):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = True
    make_user("otp_approver", groups=[POLICY_APPROVERS])
    holder = make_user("otp_payroll")
    token = PayrollAPIToken(user=holder, name="薪资系统")  # saved directly: the rule is about holding one
    token.set_new_token()
    token.save()
    make_user("otp_employee")
    for username, needs in (("otp_approver", True), ("otp_payroll", True), ("otp_employee", False)):
        client = Client()
        portal_login(client, username, PASSWORD)
        response = client.get("/my/tasks/")
        assert (response.status_code == 302 and "/accounts/second-factor/" in response["Location"]) is needs, username


def test_nothing_is_asked_while_the_setting_is_off(settings):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = False
    make_user("otp_hr_off", groups=[HR])
    client = Client()
    portal_login(client, "otp_hr_off", PASSWORD)
    assert client.get("/my/tasks/").status_code == 200
