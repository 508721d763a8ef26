"""The read-only payroll API (/api/payroll/v1/): HR's token or 401; each
person's confirmed grade, track and pay parts (money as strings); the
OpenAPI schema is served."""
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments import decisions
from assessments.models import PayrollAPIToken
from assessments.models.payroll import hash_token
from people.models import person_name
from tests.assessments.schemes import ENGINEER
from tests.factories import make_user

pytestmark = pytest.mark.django_db

BASE = "/api/payroll/v1"


@pytest.fixture
def hr_user():
    return make_user("payroll_hr", groups=["人资部"])


@pytest.fixture
def token(hr_user):
    return PayrollAPIToken.issue(hr_user, "薪资系统")[1]


def get(client, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(BASE + path, **headers)


@pytest.fixture
def engineer(hr_user):
    person = make_user(first_name="工", last_name="程", profile__employee_no="E100")
    decision = decisions.record_decision(person, 95, 93, ENGINEER)
    decisions.confirm(decision, hr_user)
    return person


@pytest.mark.parametrize("path", ["/people/", "/people/E100/"])
def test_without_a_token_the_api_answers_401_not_a_login_page(client, engineer, path):
    response = get(client, path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response["WWW-Authenticate"]


def test_an_unknown_revoked_or_expired_token_is_refused(client, engineer, hr_user, token):
    assert get(client, "/people/", "pay_not-a-real-token").status_code == 401
    assert get(client, "/people/", token).status_code == 200
    record = PayrollAPIToken.objects.get(token_hash=hash_token(token))
    record.revoke()
    assert get(client, "/people/", token).status_code == 401
    _, expired = PayrollAPIToken.issue(hr_user, "旧令牌", expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert get(client, "/people/", expired).status_code == 401


def test_a_token_stops_working_when_its_holder_loses_the_hr_permission(client, engineer, hr_user, token):
    assert get(client, "/people/", token).status_code == 200
    hr_user.groups.clear()
    assert get(client, "/people/", token).status_code == 401


def test_only_hr_may_hold_a_token_and_only_its_hash_is_stored(hr_user):
    with pytest.raises(ValidationError):
        PayrollAPIToken.issue(make_user(), "薪资系统")
    record, token = PayrollAPIToken.issue(hr_user, "薪资系统")
    assert token.startswith("pay_") and len(token) > 40
    stored = PayrollAPIToken.objects.filter(pk=record.pk).values().get()
    assert token not in [str(v) for v in stored.values()]
    assert stored["token_hash"] == hash_token(token)


def test_a_good_token_gets_grade_track_and_pay_with_money_as_strings(client, engineer, hr_user, token):
    response = get(client, "/people/", token)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [person] = body["items"]
    assert person["employee_no"] == "E100" and person["name"] == "程工"
    assert person["grade"] == "engineer_mid" and person["grade_label"] == "中级工程师"
    assert person["track"] == "full_time"
    assert person["pay"] == {"position": "2240.00", "performance": "960.00", "allowance": "0.00",
                             "travel_supplement_per_day": "100.00", "travel_basis": "0.00", "total": "3200.00"}
    assert "2000-初始" in person["pay_scheme_version"]
    assert person["confirmation"]["confirmed_by"] == person_name(hr_user)
    assert person["confirmation"]["confirmed_at"] is not None
    assert person["confirmation"]["grade_scheme_version"] == "2000-初始"

    one = get(client, "/people/E100/", token).json()
    assert one["pay"]["total"] == "3200.00" and one["grade"] == "engineer_mid"
    assert get(client, "/people/NOPE/", token).status_code == 404


def test_proposed_grades_never_reach_payroll(client, engineer, token):
    decisions.record_decision(engineer, 99, 99, ENGINEER)  # proposed, not confirmed: engineer_senior
    assert get(client, "/people/E100/", token).json()["grade"] == "engineer_mid"
    newcomer = make_user(profile__employee_no="N200")
    decisions.record_decision(newcomer, 90, 90, ENGINEER)
    assert [p["employee_no"] for p in get(client, "/people/", token).json()["items"]] == ["E100"]
    ungraded = get(client, "/people/N200/", token).json()
    assert ungraded["grade"] == "reserve" and ungraded["pay"]["total"] == "0.00"
    assert ungraded["confirmation"]["confirmed_at"] is None


def test_the_openapi_schema_and_docs_are_served(client):
    schema = client.get(BASE + "/openapi.json")
    assert schema.status_code == 200
    data = schema.json()
    assert "/api/payroll/v1/people/" in data["paths"]
    assert "/api/payroll/v1/people/{employee_no}/" in data["paths"]
    assert data["components"]["schemas"]["PayParts"]["properties"]["total"]["type"] == "string"
    assert "bearer" in str(data["components"]["securitySchemes"]).lower()
    docs = client.get(BASE + "/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content


def test_the_management_command_prints_the_token_once(client, engineer, hr_user):
    out = StringIO()
    call_command("create_payroll_token", hr_user.username, stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    assert get(client, "/people/", token).status_code == 200
    assert PayrollAPIToken.objects.filter(user=hr_user).count() == 1
    with pytest.raises(CommandError):
        call_command("create_payroll_token", make_user().username, stdout=StringIO(), stderr=StringIO())


def test_a_user_given_the_permission_directly_may_hold_a_token(client, engineer):
    auditor = make_user()
    auditor.user_permissions.add(Permission.objects.get(codename="use_payroll_api"))
    _, token = PayrollAPIToken.issue(auditor, "审计")
    assert Decimal(get(client, "/people/E100/", token).json()["pay"]["position"]) == Decimal("2240")
