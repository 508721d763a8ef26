"""Who may do what in training is a permission a group holds, not a group's
name: the company's groups hold them from a fresh database, and a group of
any other name that is given one may do the same."""
import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from lms import planning, traineeship
from lms.models import PlanKind, PlanStatus, TableStatus, TrainingPlan
from people.permissions import (
    AFTER_SALES_MANAGER,
    EXECUTIVE_VP,
    GENERAL_MANAGER,
    HR,
    PRODUCTION_PLANNERS,
    TRAINING_OFFICE,
)
from tests.factories import make_user

from .builders import PLACED, add_line, people

pytestmark = pytest.mark.django_db


def holders_of(codename):
    return set(Group.objects.filter(permissions__content_type__app_label="lms",
                                    permissions__codename=codename).values_list("name", flat=True))


def test_the_training_groups_hold_their_decisions_from_a_fresh_database():
    assert holders_of("approve_trainingplan") == {GENERAL_MANAGER}
    assert holders_of("review_trainingplan") == {TRAINING_OFFICE}
    assert holders_of("file_coursedevelopment") == {TRAINING_OFFICE}
    assert holders_of("approve_traineeplantable") == {EXECUTIVE_VP}
    assert holders_of("review_postchangetraining") == {HR}
    assert holders_of("view_traineeplantable") == {HR, EXECUTIVE_VP, AFTER_SALES_MANAGER, PRODUCTION_PLANNERS}
    assert AFTER_SALES_MANAGER in holders_of("add_traineeplantable")  # 售后部经理 builds the plan tables
    assert holders_of("draw_up_reserve_traineeplantable") == {HR, PRODUCTION_PLANNERS}  # 生产部: production reserve
    assert holders_of("handle_goalshortfall") == {HR, AFTER_SALES_MANAGER}
    assert HR in holders_of("add_traineeplantable") and HR in holders_of("view_surveysubmission")


def test_a_group_of_another_name_given_the_permission_approves_plans():
    deputy = Group.objects.create(name="总经理助理")
    deputy.permissions.add(Permission.objects.get(content_type__app_label="lms", codename="approve_trainingplan"))
    assistant = make_user("assistant_t", groups=[deputy.name])
    start = datetime.date.today() + datetime.timedelta(days=30)
    plan = TrainingPlan.objects.create(kind=PlanKind.ANNUAL, title="年度计划", starts_on=start, ends_on=start)
    add_line(plan)
    planning.submit(plan, make_user("hr_t", groups=[HR]))
    planning.review(plan, make_user("office_t", groups=[TRAINING_OFFICE]), passed=True)

    planning.decide(plan, assistant, approve=True)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == assistant


def test_the_executive_vps_group_without_the_permission_approves_nothing():
    p = people()
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"], trainer=p["trainer"],
                         planned_start=datetime.date(2026, 3, 2), planned_end=datetime.date(2026, 3, 13))
    traineeship.submit(table, p["hr"])
    Group.objects.get(name=EXECUTIVE_VP).permissions.clear()

    with pytest.raises(PermissionDenied):
        traineeship.approve(table, p["evp"])
    table.refresh_from_db()
    assert table.status == TableStatus.SUBMITTED


def test_the_admin_grants_the_training_decisions_in_the_group_editor(login):
    admin = make_user("admin_t", is_superuser=True, is_staff=True)
    group = Group.objects.get(name=HR)

    html = login(admin).get(f"/admin/groups/edit/{group.pk}/").content.decode()

    for codename in ("approve_trainingplan", "approve_traineeplantable", "review_postchangetraining",
                     "add_traineeplantable", "view_surveysubmission"):
        permission = Permission.objects.get(content_type__app_label="lms", codename=codename)
        assert f'value="{permission.pk}"' in html, codename
