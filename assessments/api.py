"""Read-only payroll API 薪资接口 (Django Ninja), mounted at ``/api/payroll/v1/``.

- ``GET people/``: every person with a confirmed grade (paginated);
- ``GET people/{employee_no}/``: one employee by 工号 (never graded: reserve,
  no confirmation);
- ``openapi.json`` and ``docs``: the schema and its browsable docs.

Each person: the current confirmed grade (``?on=YYYY-MM-DD`` for another
day), the track, the pay parts of :func:`assessments.rules.pay.monthly_pay`
with no travel days (money as strings with two decimals, never floats), the
per-day travel figures, the scheme the pay was computed under and the
scheme, time and person of the grade's confirmation.

Authentication: ``Authorization: Bearer <token>`` with a
:class:`~assessments.models.PayrollAPIToken` held by a user who still has the
``assessments.use_payroll_api`` permission; missing, unknown, revoked or
expired tokens get 401. Proposed (unconfirmed) grades never appear.
"""
import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from people.models import Profile, person_name, profile_of

from .decisions import current_decision
from .models import GradeDecision, PayrollAPIToken
from .models.payroll import hash_token, may_hold_payroll_token
from .rules.in_force import resolve_rules
from .rules.pay import monthly_pay
from .terms.scheme import NoSchemeInForce
from .terms.vocabulary import grade_label


class PayrollTokenAuth(HttpBearer):
    """Bearer token → the HR user holding it; None (401) otherwise."""

    def authenticate(self, request, token):
        if not token:
            return None
        now = timezone.now()
        record = (PayrollAPIToken.objects.usable(now).select_related("user")
                  .filter(token_hash=hash_token(token)).first())
        if record is None or not may_hold_payroll_token(record.user):
            return None
        PayrollAPIToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.payroll_token = record
        return record.user


api = NinjaAPI(
    title="薪资接口 Payroll API",
    version="1",
    description="售后人员职级与薪资（只读）。金额单位：元，以两位小数的字符串表示。",
    urls_namespace="payroll_api",
    auth=PayrollTokenAuth(),
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(request, {"detail": "未认证：缺少令牌，或令牌无效、已撤销、已过期。"}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="payroll"'
    return response


class PayParts(Schema):
    position: str
    performance: str
    allowance: str
    travel_supplement_per_day: str
    travel_basis: str
    total: str


class Confirmation(Schema):
    confirmed_at: datetime.datetime | None
    confirmed_by: str | None
    decision_id: int | None
    grade_scheme_version: str | None


class Person(Schema):
    employee_no: str
    username: str
    name: str
    department: str | None
    grade: str
    grade_label: str
    track: str
    pay: PayParts | None
    pay_scheme_version: str | None
    confirmation: Confirmation


def _money(value):
    return f"{value:.2f}"


def person_data(user, decision, rules):
    profile = profile_of(user)
    grade = decision.proposed_grade if decision else "reserve"
    track = decision.track if decision else "full_time"
    pay = None
    if rules is not None:
        parts = monthly_pay(grade, track, scheme=rules)
        row = rules.pay_row(grade)
        basis = row.reserve_travel_basis if row is not None and track == "production_reserve" else 0
        pay = {
            "position": _money(parts.position), "performance": _money(parts.performance),
            "allowance": _money(parts.allowance),
            "travel_supplement_per_day": _money(parts.travel_supplement_per_day),
            "travel_basis": _money(basis), "total": _money(parts.total),
        }
    return {
        "employee_no": profile.employee_no if profile else "",
        "username": user.get_username(),
        "name": person_name(user),
        "department": str(profile.department) if profile and profile.department else None,
        "grade": grade,
        "grade_label": grade_label(grade),
        "track": track,
        "pay": pay,
        "pay_scheme_version": rules.label if rules is not None else None,
        "confirmation": {
            "confirmed_at": decision.confirmed_at if decision else None,
            "confirmed_by": person_name(decision.confirmed_by) if decision and decision.confirmed_by else None,
            "decision_id": decision.pk if decision else None,
            "grade_scheme_version": decision.scheme.version_label if decision else None,
        },
    }


def _rules(on):
    try:
        return resolve_rules(on=on)
    except NoSchemeInForce:
        return None


@api.get("/people/", response=list[Person], summary="已定级人员的职级与薪资")
@paginate(LimitOffsetPagination)
def people(request, on: datetime.date | None = None):
    """Every person with a confirmed grade on ``on`` (default today), ordered by 工号."""
    day = on or timezone.localdate()
    rules = _rules(day)
    graded = (GradeDecision.objects.confirmed().filter(confirmed_at__lt=_end_of(day))
              .values_list("person_id", flat=True).distinct())
    users = (get_user_model().objects.filter(pk__in=graded)
             .select_related("profile__department").order_by("profile__employee_no", "username"))
    return [person_data(user, current_decision(user, on=day), rules) for user in users]


@api.get("/people/{employee_no}/", response=Person, summary="按工号查询职级与薪资")
def person(request, employee_no: str, on: datetime.date | None = None):
    day = on or timezone.localdate()
    profiles = Profile.objects.filter(~Q(employee_no=""), employee_no=employee_no, user__is_active=True)
    if profiles.count() > 1:
        raise HttpError(409, "工号对应多名人员，请先在员工档案中更正。")
    profile = get_object_or_404(profiles.select_related("user"))
    user = profile.user
    return person_data(user, current_decision(user, on=day), _rules(day))


def _end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
