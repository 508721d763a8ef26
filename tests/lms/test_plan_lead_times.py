"""Training plans: lead times (monthly 10 days, temporary 7) and approval by
the general manager's group."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms import planning, rules
from lms.models import PlanKind, PlanStatus, TrainingPlan, TrainingSettings
from portal.setup import ensure_site
from tests.factories import make_user
from tests.lms.builders import add_line, delivered

START = datetime.date(2026, 7, 1)


def plan(kind, days_ahead, **fields):
    """A plan for July with one course line on its first day, submitted
    ``days_ahead`` days before."""
    made = TrainingPlan.objects.create(kind=kind, title="七月培训", starts_on=START,
                                       ends_on=START + datetime.timedelta(days=30),
                                       submitted_on=START - datetime.timedelta(days=days_ahead), **fields)
    add_line(made, starts_on=START, ends_on=START + datetime.timedelta(days=5))
    return made


def problems(made):
    return " ".join(planning.plan_problems(made))


@pytest.mark.django_db
@pytest.mark.parametrize("kind, too_late, in_time", [
    (PlanKind.MONTHLY, 9, 10),
    (PlanKind.TEMPORARY, 6, 7),
])
def test_a_plan_submitted_too_late_is_refused_with_a_clear_message(kind, too_late, in_time):
    message = problems(plan(kind, too_late))
    assert f"须至少提前 {in_time} 天报批" in message
    assert f"仅提前 {too_late} 天" in message

    assert problems(plan(kind, in_time)) == ""  # in time: no error


@pytest.mark.django_db
def test_an_annual_plan_has_no_lead_time():
    assert problems(plan(PlanKind.ANNUAL, 0)) == ""


@pytest.mark.django_db
def test_lead_times_are_data_in_the_training_settings():
    ensure_site()
    config = TrainingSettings.current()
    config.monthly_plan_lead_days = 15
    config.save()

    assert "须至少提前 15 天报批" in problems(plan(PlanKind.MONTHLY, 10))
    assert problems(plan(PlanKind.MONTHLY, 15)) == ""


@pytest.mark.django_db
def test_the_lead_time_runs_to_the_first_training_of_the_plans_lines():
    """A July plan submitted on 5 July: refused while a line trains on
    12 July (7 days ahead), accepted once the earliest line is on 20 July."""
    made = TrainingPlan.objects.create(kind=PlanKind.MONTHLY, title="七月培训", starts_on=START,
                                       ends_on=START + datetime.timedelta(days=30),
                                       submitted_on=START + datetime.timedelta(days=4))
    later = add_line(made, starts_on=START + datetime.timedelta(days=25))
    early = add_line(made, starts_on=START + datetime.timedelta(days=11))

    message = problems(made)
    assert "开始日期 2026-07-12" in message and "仅提前 7 天" in message

    early.starts_on = START + datetime.timedelta(days=19)
    early.save()
    assert problems(made) == ""
    assert later.first_day == START + datetime.timedelta(days=25)


@pytest.mark.django_db
def test_a_line_planned_to_the_month_counts_from_the_months_first_day():
    made = TrainingPlan.objects.create(kind=PlanKind.MONTHLY, title="八月培训", starts_on=START,
                                       ends_on=datetime.date(2026, 8, 31), submitted_on=datetime.date(2026, 7, 25))
    add_line(made, month=datetime.date(2026, 8, 15))

    assert "开始日期 2026-08-01" in problems(made) and "仅提前 7 天" in problems(made)
    made.submitted_on = datetime.date(2026, 7, 22)
    assert problems(made) == ""


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
