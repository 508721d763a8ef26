"""Training plans: lead times (monthly 10 days, temporary 7) and approval by
the general manager's group."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms import planning, rules
from lms.models import PlanKind, PlanStatus, TrainingPlan, TrainingSettings
from portal.setup import ensure_site
from tests.factories import make_user
from tests.lms.builders import delivered

START = datetime.date(2026, 7, 1)


def plan(kind, days_ahead, **fields):
    return TrainingPlan(kind=kind, title="七月培训", starts_on=START, ends_on=START + datetime.timedelta(days=5),
                        submitted_on=START - datetime.timedelta(days=days_ahead), **fields)


@pytest.mark.django_db
@pytest.mark.parametrize("kind, too_late, in_time", [
    (PlanKind.MONTHLY, 9, 10),
    (PlanKind.TEMPORARY, 6, 7),
])
def test_a_plan_submitted_too_late_is_refused_with_a_clear_message(kind, too_late, in_time):
    with pytest.raises(ValidationError) as refused:
        plan(kind, too_late).full_clean()
    message = refused.value.message_dict["starts_on"][0]
    assert f"须至少提前 {in_time} 天报批" in message
    assert f"仅提前 {too_late} 天" in message

    plan(kind, in_time).full_clean()  # in time: no error


@pytest.mark.django_db
def test_an_annual_plan_has_no_lead_time():
    plan(PlanKind.ANNUAL, 0).full_clean()


@pytest.mark.django_db
def test_lead_times_are_data_in_the_training_settings():
    ensure_site()
    config = TrainingSettings.current()
    config.monthly_plan_lead_days = 15
    config.save()

    with pytest.raises(ValidationError):
        plan(PlanKind.MONTHLY, 10).full_clean()
    plan(PlanKind.MONTHLY, 15).full_clean()


def test_the_rule_is_a_pure_function():
    assert rules.lead_time_error("monthly", START, START - datetime.timedelta(days=10)) is None
    assert rules.lead_time_error("temporary", START, START - datetime.timedelta(days=6))
    assert rules.lead_time_error("temporary", START, START - datetime.timedelta(days=6), temporary_days=5) is None


@pytest.mark.django_db
def test_submitting_takes_the_day_it_is_submitted():
    hr = make_user("hr_t", groups=["人资部"])
    late = plan(PlanKind.MONTHLY, 0)
    late.save()

    with pytest.raises(ValidationError):
        planning.submit(late, hr, today=START - datetime.timedelta(days=9))
    late.refresh_from_db()
    assert late.status == PlanStatus.DRAFT

    planning.submit(late, hr, today=START - datetime.timedelta(days=10))
    late.refresh_from_db()
    assert late.status == PlanStatus.SUBMITTED and late.submitted_on == START - datetime.timedelta(days=10)


@pytest.mark.django_db
def test_only_the_general_managers_group_approves():
    hr = make_user("hr_t", groups=["人资部"])
    gm = make_user("gm_t", groups=["总经理"])
    submitted = plan(PlanKind.MONTHLY, 12)
    submitted.save()
    planning.submit(submitted, hr, today=submitted.submitted_on)
    planning.review(submitted, make_user("office_t", groups=["培训管理部门审核"]), passed=True)

    with pytest.raises(PermissionDenied):
        planning.decide(submitted, hr, approve=True)
    planning.decide(submitted, gm, approve=True, note="同意")

    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED and submitted.decided_by == gm
    with pytest.raises(ValidationError):
        planning.decide(submitted, gm, approve=False)


@pytest.mark.django_db
def test_the_general_manager_is_notified_of_a_reviewed_plan():
    from people.models import Notification

    gm = make_user("gm_t", groups=["总经理"])
    office = make_user("office_t", groups=["培训管理部门审核"])
    submitted = plan(PlanKind.TEMPORARY, 8)
    submitted.save()
    planning.submit(submitted, make_user("hr_t", groups=["人资部"]), today=submitted.submitted_on)
    delivered()
    assert Notification.objects.filter(user=office, title__contains="培训计划待审核").exists()
    assert not Notification.objects.filter(user=gm).exists()

    planning.review(submitted, office, passed=True)

    delivered()
    assert Notification.objects.filter(user=gm, title__contains="培训计划待审批").exists()
