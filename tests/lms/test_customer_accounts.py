"""A customer's trainee gets an account by invitation (a link with a token
that works once and expires) or from HR's .xlsx of trainees (refused whole,
with the row and column named, when a row is wrong)."""
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook

from lms import customer_accounts
from people.external import is_external
from people.models import ExternalTrainee, TraineeInvitation
from people.permissions import HR
from tests.factories import make_user

from .customer_builders import make_organisation

pytestmark = pytest.mark.django_db
PASSWORD = "Kehu-peixun-2026"


@pytest.fixture
def organisation():
    return make_organisation()


@pytest.fixture
def hr():
    return make_user("hr_customers", groups=[HR])


def link_in(message):
    return next(line for line in message.body.splitlines() if "/accounts/invitation/" in line)


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


# ---- invitations ------------------------------------------------------------------------


def test_an_invitation_is_emailed_with_a_link_whose_token_is_not_stored(organisation, hr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = customer_accounts.invite(organisation, email="Li.Ming@Customer.example.com",
                                                     full_name="李明", by=hr)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["li.ming@customer.example.com"]
    assert token in link_in(mail.outbox[0]) and organisation.name in mail.outbox[0].body
    assert token not in invitation.token_hash and invitation.state() == "待接受"


def test_accepting_sets_the_password_and_makes_a_trainee_who_is_not_an_employee(organisation, hr):
    _invitation, token = customer_accounts.invite(organisation, email="liming@customer.example.com",
                                                  full_name="李明", by=hr)
    user = customer_accounts.accept(token, PASSWORD)
    assert user.check_password(PASSWORD) and user.username == "liming@customer.example.com"
    assert (user.last_name, user.first_name) == ("李", "明")
    assert ExternalTrainee.objects.get(user=user).organisation == organisation
    assert is_external(get_user_model().objects.get(pk=user.pk)) and not hasattr(user, "profile")


def test_a_link_works_once(organisation, hr):
    _invitation, token = customer_accounts.invite(organisation, email="a@customer.example.com", full_name="李明", by=hr)
    customer_accounts.accept(token, PASSWORD)
    with pytest.raises(ValidationError, match="已使用过"):
        customer_accounts.accept(token, "Another-pass-2026")
    assert get_user_model().objects.get(username="a@customer.example.com").check_password(PASSWORD)


def test_an_expired_link_is_refused(organisation, hr):
    past = timezone.now() - datetime.timedelta(days=customer_accounts.INVITATION_DAYS + 1)
    _invitation, token = customer_accounts.invite(organisation, email="b@customer.example.com", full_name="张华",
                                                  by=hr, now=past)
    with pytest.raises(ValidationError, match="已过期"):
        customer_accounts.accept(token, PASSWORD)
    assert not get_user_model().objects.filter(username="b@customer.example.com").exists()


def test_a_made_up_token_is_refused():
    with pytest.raises(ValidationError, match="无效"):
        customer_accounts.accept("not-a-token", PASSWORD)


def test_a_weak_password_is_refused_and_the_link_still_works(organisation, hr):
    _invitation, token = customer_accounts.invite(organisation, email="c@customer.example.com", full_name="王芳", by=hr)
    with pytest.raises(ValidationError):
        customer_accounts.accept(token, "123")
    assert customer_accounts.accept(token, PASSWORD).check_password(PASSWORD)


def test_an_address_that_has_an_account_cannot_be_invited(organisation, hr):
    make_user("taken", email="taken@customer.example.com")
    with pytest.raises(ValidationError) as refused:
        customer_accounts.invite(organisation, email="taken@customer.example.com", full_name="", by=hr)
    assert set(refused.value.message_dict) == {"email", "full_name"}


def test_the_invitation_page_sets_the_password_logs_in_and_lands_on_my_learning(organisation, hr, client):
    _invitation, token = customer_accounts.invite(organisation, email="d@customer.example.com", full_name="赵四", by=hr)
    url = f"/accounts/invitation/{token}/"
    page = client.get(url)
    assert page.status_code == 200 and "赵四" in page.content.decode() and organisation.name in page.content.decode()
    mismatch = client.post(url, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "两次输入的密码不一致" in mismatch.content.decode()
    done = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/my/learning/"
    assert client.get("/my/learning/").status_code == 200
    client.logout()
    again = client.get(url)
    assert again.status_code == 410 and "已使用过" in again.content.decode()


def test_hr_invites_from_the_admin(organisation, hr, login, django_capture_on_commit_callbacks):
    client = login(make_user("hr_admin_inv", groups=[HR]))
    from django.contrib.auth.models import Group, Permission

    Group.objects.get(name=HR).permissions.add(Permission.objects.get(codename="access_admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/lms/customers/{organisation.pk}/invite/",
                               {"full_name": "钱七", "email": "qian@customer.example.com"})
    assert response.status_code == 302
    assert TraineeInvitation.objects.get().email == "qian@customer.example.com" and len(mail.outbox) == 1
    make_user("has_account", email="taken@customer.example.com")
    refused = client.post(f"/admin/lms/customers/{organisation.pk}/invite/",
                          {"full_name": "孙八", "email": "taken@customer.example.com"})
    assert refused.status_code == 200 and "该邮箱已有账号" in refused.content.decode()
    assert TraineeInvitation.objects.count() == 1


def test_someone_without_the_permission_cannot_invite(organisation, login):
    client = login(make_user("plain_staff", is_staff=True))
    assert client.get(f"/admin/lms/customers/{organisation.pk}/invite/").status_code in (302, 403)
    assert not TraineeInvitation.objects.exists()


# ---- trainees from an .xlsx ---------------------------------------------------------------


def test_a_good_file_creates_every_trainee_with_an_invitation(organisation, hr, django_capture_on_commit_callbacks):
    data = xlsx([["姓名", "邮箱", "电话", "职务"], ["李明", "liming@customer.example.com", 13800000000, "操作员"],
                 ["张华", "ZhangHua@customer.example.com", None, None], [None, None, None, None]])
    with django_capture_on_commit_callbacks(execute=True):
        created = customer_accounts.import_trainees(organisation, data, by=hr)
    assert [t.user.username for t in created] == ["liming@customer.example.com", "zhanghua@customer.example.com"]
    assert created[0].phone == "13800000000" and created[0].position == "操作员"
    assert not created[0].user.has_usable_password()
    assert TraineeInvitation.objects.filter(user__in=[t.user for t in created]).count() == 2
    assert len(mail.outbox) == 2
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    user = customer_accounts.accept(token, PASSWORD)
    assert user.check_password(PASSWORD) and ExternalTrainee.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(("rows", "message"), [
    ([["姓名", "邮箱"], ["李明", "liming@customer.example.com"], ["张华", "not-an-address"]],
     "第 3 行“邮箱”列：“not-an-address”不是有效的邮箱地址。"),
    ([["姓名", "邮箱"], ["李明", "same@customer.example.com"], ["张华", "same@customer.example.com"]],
     "第 3 行“邮箱”列：与第 2 行重复。"),
    ([["姓名", "邮箱"], ["", "x@customer.example.com"]], "第 2 行“姓名”列：不能为空。"),
    ([["姓名", "电话"], ["李明", "1"]], "第 1 行（表头）：缺少列：邮箱。"),
    ([["姓名", "邮箱", "部门"], ["李明", "x@customer.example.com", "生产"]], "第 1 行（表头）：无法识别的列：部门。"),
    ([["姓名", "邮箱"]], "文件中没有学员"),
])
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(organisation, hr, rows, message):
    with pytest.raises(customer_accounts.ImportRefused) as refused:
        customer_accounts.import_trainees(organisation, xlsx(rows), by=hr)
    assert any(message in error for error in refused.value.errors), refused.value.errors
    assert not ExternalTrainee.objects.exists() and not TraineeInvitation.objects.exists()
    assert not get_user_model().objects.filter(email__endswith="@customer.example.com").exists()
    assert not mail.outbox


def test_an_address_that_already_has_an_account_refuses_the_file(organisation, hr):
    make_user("existing", email="existing@customer.example.com")
    with pytest.raises(customer_accounts.ImportRefused, match="第 2 行“邮箱”列：existing@customer.example.com 已有账号"):
        customer_accounts.import_trainees(organisation, xlsx([["姓名", "邮箱"], ["李明", "existing@customer.example.com"]]),
                                          by=hr)


def test_a_file_that_is_not_xlsx_is_refused_in_chinese(organisation, hr):
    with pytest.raises(customer_accounts.ImportRefused, match="无法读取文件"):
        customer_accounts.import_trainees(organisation, b"name,email\n", by=hr)


def test_the_admin_upload_shows_every_refusal_and_writes_nothing(organisation, login):
    from django.contrib.auth.models import Group, Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(make_user("hr_upload", groups=[HR]))
    Group.objects.get(name=HR).permissions.add(Permission.objects.get(codename="access_admin"))
    url = f"/admin/lms/customers/{organisation.pk}/import/"
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("trainees.xlsx", xlsx([["姓名", "邮箱"], ["李明", "bad"], ["", "y@customer.example.com"]]))
    response = client.post(url, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 400
    assert "第 2 行“邮箱”列" in text and "第 3 行“姓名”列" in text and not ExternalTrainee.objects.exists()
    wrong_type = client.post(url, {"file": SimpleUploadedFile("trainees.csv", b"a,b")})
    assert "请上传 .xlsx 文件" in wrong_type.content.decode()
    good = SimpleUploadedFile("trainees.xlsx", xlsx([["姓名", "邮箱"], ["李明", "ok@customer.example.com"]]))
    assert client.post(url, {"file": good}).status_code == 302
    assert ExternalTrainee.objects.get().user.email == "ok@customer.example.com"


def test_an_employee_cannot_be_made_a_customer_trainee(organisation):
    employee = make_user("staff_member")
    with pytest.raises(ValidationError, match="公司员工"):
        ExternalTrainee(user=employee, organisation=organisation).full_clean()
