"""A training plan is approved in two steps (客户培训日常管理制度 三(二)): the
training-management department reviews it, then management approves it or
returns it with comments; a returned plan goes back to its author and must
be submitted again."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms import planning, todo
from lms.models import PlanKind, PlanReview, PlanStatus, ReviewOutcome, ReviewStage, TrainingPlan
from people.models import Notification
from people.permissions import GENERAL_MANAGER, HR, TRAINING_OFFICE
from tests.factories import make_user

from .builders import add_line, delivered, make_course, people, plan_form_data

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 1, 10)


@pytest.fixture
def crew():
    return {"hr": make_user("hr_t", groups=[HR]), "office": make_user("office_t", groups=[TRAINING_OFFICE]),
            "gm": make_user("gm_t", groups=[GENERAL_MANAGER])}


def annual(crew, line=None, **fields):
    """An annual plan with one course line (``line``: the line's fields)."""
    fields = {"kind": PlanKind.ANNUAL, "title": "2027 年度培训计划", "starts_on": START,
              "ends_on": START + datetime.timedelta(days=300), "created_by": crew["hr"], **fields}
    plan = TrainingPlan.objects.create(**fields)
    add_line(plan, **(line or {}))
    return plan


def test_management_cannot_approve_before_the_review(crew):
    plan = annual(crew)
    planning.submit(plan, crew["hr"])

    with pytest.raises(ValidationError) as refused:
        planning.decide(plan, crew["gm"], approve=True)

    assert "尚未经培训管理部门审核" in refused.value.messages[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not plan.reviews.exists()


def test_a_returned_plan_cannot_be_approved_without_resubmission(crew):
    plan = annual(crew)
    planning.submit(plan, crew["hr"])
    planning.review(plan, crew["office"], passed=True)
    planning.decide(plan, crew["gm"], approve=False, note="预算过高，请压缩外训。")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED

    with pytest.raises(ValidationError):
        planning.decide(plan, crew["gm"], approve=True)
    with pytest.raises(ValidationError):
        planning.review(plan, crew["office"], passed=True)

    planning.submit(plan, crew["hr"])  # resubmitted: starts over at the review
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    with pytest.raises(ValidationError):
        planning.decide(plan, crew["gm"], approve=True)
    planning.review(plan, crew["office"], passed=True, comments="已压缩。")
    planning.decide(plan, crew["gm"], approve=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == crew["gm"]
    assert [(r.stage, r.outcome) for r in plan.reviews.all()] == [
        (ReviewStage.REVIEW, ReviewOutcome.PASSED), (ReviewStage.APPROVAL, ReviewOutcome.RETURNED),
        (ReviewStage.REVIEW, ReviewOutcome.PASSED), (ReviewStage.APPROVAL, ReviewOutcome.PASSED)]


def test_the_review_records_its_points_and_a_return_goes_back_to_the_author_with_comments(crew):
    plan = annual(crew)
    planning.submit(plan, crew["hr"])

    with pytest.raises(ValidationError):
        planning.review(plan, crew["office"], passed=False)  # a return needs comments
    planning.review(plan, crew["office"], passed=False, comments="培训地点不可行。", reasonable=True,
                    feasible=False)

    plan.refresh_from_db()
    review = PlanReview.objects.get(plan=plan)
    assert plan.status == PlanStatus.REJECTED
    assert (review.reasonable, review.feasible, review.comments) == (True, False, "培训地点不可行。")
    delivered()
    returned = Notification.objects.get(user=crew["hr"], title__contains="培训计划被退回")
    assert "培训地点不可行" in returned.body
    assert list(todo.plans_returned(crew["hr"])) == [plan]


def test_only_the_training_management_department_reviews_and_never_its_own_plan(crew):
    plan = annual(crew)
    planning.submit(plan, crew["hr"])
    with pytest.raises(PermissionDenied):
        planning.review(plan, crew["hr"], passed=True)
    with pytest.raises(PermissionDenied):
        planning.review(plan, crew["gm"], passed=True)

    own = annual(crew, title="专项计划")
    own.created_by = crew["office"]
    own.save()
    planning.submit(own, crew["hr"])
    with pytest.raises(PermissionDenied):
        planning.review(own, crew["office"], passed=True)


def test_the_inbox_shows_each_person_the_plans_waiting_on_them(crew, login):
    plan = annual(crew, title="客户专项培训计划")
    planning.submit(plan, crew["hr"])
    assert list(todo.plans_to_review(crew["office"])) == [plan]
    assert not todo.plans_to_approve(crew["gm"]).exists()

    html = login(crew["office"]).get("/my/tasks/").content.decode()
    assert "客户专项培训计划" in html and "待您审核（培训管理部门）" in html

    planning.review(plan, crew["office"], passed=True)
    assert not todo.plans_to_review(crew["office"]).exists()
    html = login(crew["gm"]).get("/my/tasks/").content.decode()
    assert "客户专项培训计划" in html and "待您审批" in html


def test_a_plan_names_only_pool_trainers_and_filed_courses(crew):
    p = people()  # the trainer is admitted to the pool
    outsider = make_user("outsider_t")
    unfiled = make_course("客户设备操作", filed=False)
    plan = annual(crew)
    line = plan.lines.get()
    line.trainers.set([p["trainer"], outsider])

    with pytest.raises(ValidationError) as refused:
        planning.submit(plan, crew["hr"])
    assert "不在师资库中" in refused.value.messages[0]

    line.trainers.set([p["trainer"]])
    line.course = unfiled
    line.save()
    with pytest.raises(ValidationError) as refused:
        planning.submit(plan, crew["hr"])
    assert "尚未完成开发并提交培训管理部门归档" in " ".join(refused.value.messages)

    line.course = make_course("故障分析")
    line.save()
    planning.submit(plan, crew["hr"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_the_monthly_lead_time_still_applies_with_two_steps(crew):
    plan = TrainingPlan.objects.create(kind=PlanKind.MONTHLY, title="七月", starts_on=START, ends_on=START,
                                       created_by=crew["hr"])
    add_line(plan)
    with pytest.raises(ValidationError):
        planning.submit(plan, crew["hr"], today=START - datetime.timedelta(days=9))


def test_the_pages_walk_the_two_steps(crew, login, django_assert_max_num_queries):
    plan = annual(crew, title="年度计划（页面）",
                  line={"goal": "提高故障分析能力", "audience": "售后部", "place": "技术部会议室"})
    client = login(crew["hr"])
    client.post(f"/training/plans/{plan.pk}/", {"action": "submit"})

    office = login(crew["office"])
    with django_assert_max_num_queries(40):
        html = office.get(f"/training/plans/{plan.pk}/").content.decode()
    assert "培训管理部门审核" in html and "提高故障分析能力" in html
    office.post(f"/training/plans/{plan.pk}/", {"action": "pass", "reasonable": "on", "feasible": "on",
                                                "aligned": "on", "resources": "on", "comments": "合理可行"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWED

    login(crew["gm"]).post(f"/training/plans/{plan.pk}/", {"action": "approve", "note": "同意"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    html = login(crew["hr"]).get(f"/training/plans/{plan.pk}/").content.decode()
    assert "合理可行" in html and "管理层审批" in html


def test_the_author_edits_a_returned_plan_but_not_a_submitted_one(crew, login):
    plan = annual(crew)
    planning.submit(plan, crew["hr"])
    client = login(crew["hr"])
    assert client.get(f"/training/plans/{plan.pk}/edit/").status_code == 403

    planning.review(plan, crew["office"], passed=False, comments="请补充培训目标")
    assert client.get(f"/training/plans/{plan.pk}/edit/").status_code == 200
    line = plan.lines.get()
    response = client.post(f"/training/plans/{plan.pk}/edit/", plan_form_data({
        "kind": PlanKind.ANNUAL, "title": plan.title, "starts_on": START.isoformat(),
        "ends_on": (START + datetime.timedelta(days=30)).isoformat()}, [
        {"id": line.pk, "course": line.course_id, "starts_on": START.isoformat(), "goal": "补充的目标"}], initial=1))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.lines.get().goal == "补充的目标" and plan.status == PlanStatus.REJECTED
