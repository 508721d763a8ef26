"""A training plan's course lines (客户培训日常管理制度 三(一)): HR adds,
edits and removes them on the plan's form, all in one transaction; only
filed courses and pool trainers; each line within the plan's period; the
lead time runs to the first line; locked once the plan is submitted; the
plan page shows them as a table to the reviewers."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lms import planning
from lms.forms import PlanLineFormSet, TrainingPlanForm
from lms.models import PlanKind, PlanLine, PlanMethod, PlanStatus, Trainer, TrainerStatus, TrainingPlan
from people.permissions import GENERAL_MANAGER, HR, TRAINING_OFFICE
from tests.factories import make_user

from .builders import add_line, make_course, plan_form_data

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 1, 1)
END = datetime.date(2027, 12, 31)
PLAN = {"kind": PlanKind.ANNUAL, "title": "2027 年度培训计划", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}


@pytest.fixture
def crew():
    trainer = make_user("trainer_t", first_name="培训师", last_name="林")
    Trainer.objects.create(user=trainer, status=TrainerStatus.ADMITTED)
    return {"hr": make_user("hr_t", groups=[HR]), "office": make_user("office_t", groups=[TRAINING_OFFICE]),
            "gm": make_user("gm_t", groups=[GENERAL_MANAGER]), "trainer": trainer,
            "faults": make_course("故障分析与维修"), "updates": make_course("产品与技术更新")}


def line(course, **fields):
    return {"course": course.pk, "goal": "", "content": "", "audience": "", "starts_on": "", "ends_on": "",
            "month": "", "place": "", "method": "", **fields}


def test_hr_draws_up_an_annual_plan_with_several_course_lines_in_one_form(crew, login):
    client = login(crew["hr"])
    response = client.post("/training/plans/", plan_form_data(PLAN, [
        line(crew["updates"], goal="掌握新技术", month="2027-06", place="技术部会议室", method=PlanMethod.LECTURE),
        line(crew["faults"], goal="提高故障分析能力", content="控制柜常见故障", audience="售后部员工",
             starts_on="2027-03-10", ends_on="2027-03-12", place="生产现场", method=PlanMethod.ON_SITE,
             trainers=[crew["trainer"].pk]),
    ]))

    assert response.status_code == 302
    plan = TrainingPlan.objects.get()
    assert plan.created_by == crew["hr"]
    first, second = plan.lines.order_by("sort_order")  # kept in the order of their time
    assert (first.course, first.goal, first.starts_on, first.ends_on, first.method) == (
        crew["faults"], "提高故障分析能力", datetime.date(2027, 3, 10), datetime.date(2027, 3, 12), PlanMethod.ON_SITE)
    assert list(first.trainers.all()) == [crew["trainer"]]
    assert (second.course, second.month, second.starts_on) == (crew["updates"], datetime.date(2027, 6, 1), None)


def test_one_bad_line_saves_nothing_and_its_error_is_shown_on_that_line(crew, login):
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    kept = add_line(plan, course=crew["faults"], starts_on=datetime.date(2027, 3, 10), goal="原目标")
    client = login(crew["hr"])

    response = client.post(f"/training/plans/{plan.pk}/edit/", plan_form_data({**PLAN, "title": "改过的名称"}, [
        line(crew["faults"], id=kept.pk, starts_on="2027-03-10", goal="新目标"),
        line(crew["updates"], starts_on="2027-05-10"),
        line(crew["updates"], starts_on="2027-05-10", ends_on="2027-05-01"),
    ], initial=1))

    assert response.status_code == 200
    lines = response.context["lines"]
    assert not lines.forms[0].errors and not lines.forms[1].errors
    assert lines.forms[2].errors["ends_on"] == ["结束日期不能早于开始日期。"]
    html = response.content.decode()
    assert 'id="plan-line-3"' in html and "结束日期不能早于开始日期。" in html
    plan.refresh_from_db()
    kept.refresh_from_db()
    assert plan.title == "2027 年度培训计划" and kept.goal == "原目标" and plan.lines.count() == 1


def test_a_failure_while_saving_rolls_the_whole_plan_back(crew, monkeypatch):
    """The transaction: a line that fails to save takes the plan's changes with it."""
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    form = TrainingPlanForm({**PLAN, "title": "改过的名称"}, instance=plan)
    lines = PlanLineFormSet(plan_form_data({}, [line(crew["faults"], starts_on="2027-03-10"),
                                                line(crew["updates"], starts_on="2027-04-10")]),
                            instance=plan, prefix="lines")
    assert form.is_valid()
    lines.plan_fields = form.cleaned_data
    assert lines.is_valid(), lines.errors
    save = PlanLine.save

    def fail_on_the_second(self, *args, **kwargs):
        if self.course_id == crew["updates"].pk:
            raise RuntimeError("disk full")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(PlanLine, "save", fail_on_the_second)
    with pytest.raises(RuntimeError):
        planning.save_plan(form, lines, crew["hr"])
    plan.refresh_from_db()
    assert plan.title == "2027 年度培训计划" and not PlanLine.objects.exists()


def test_an_unfiled_course_and_a_trainer_outside_the_pool_are_refused(crew, login):
    unfiled = make_course("客户设备操作", filed=False)
    outsider = make_user("outsider_t")
    client = login(crew["hr"])

    response = client.post("/training/plans/", plan_form_data(PLAN, [
        line(unfiled, starts_on="2027-03-10"),
        line(crew["faults"], starts_on="2027-04-10", trainers=[outsider.pk]),
    ]))

    assert response.status_code == 200
    lines = response.context["lines"]
    assert lines.forms[0].errors["course"] == ["只能选择已归档的课程。"]
    assert lines.forms[1].errors["trainers"] == ["培训师资须为师资库成员：所选人员不在师资库中。"]
    assert not TrainingPlan.objects.exists()


def test_the_service_refuses_a_line_whose_course_or_trainer_fell_out_meanwhile(crew):
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    add_line(plan, course=make_course("未归档课程", filed=False), trainers=[make_user("outsider_t")])

    with pytest.raises(ValidationError) as refused:
        planning.submit(plan, crew["hr"], today=datetime.date(2026, 12, 1))
    text = " ".join(refused.value.messages)
    assert "第 1 项（未归档课程）" in text and "尚未完成开发" in text and "不在师资库中" in text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_plan_without_lines_cannot_be_submitted(crew):
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    with pytest.raises(ValidationError) as refused:
        planning.submit(plan, crew["hr"])
    assert refused.value.messages == ["培训计划至少须有一项培训课程明细。"]


def test_a_line_outside_the_plans_period_is_refused(crew, login):
    response = login(crew["hr"]).post("/training/plans/", plan_form_data(PLAN, [
        line(crew["faults"], starts_on="2028-01-05"), line(crew["updates"], month="2026-12")]))

    lines = response.context["lines"]
    assert lines.forms[0].errors["starts_on"] == ["培训时间须在计划期间（2027-01-01 至 2027-12-31）内。"]
    assert lines.forms[1].errors["month"] == ["培训月份须在计划期间（2027-01-01 至 2027-12-31）内。"]
    assert not TrainingPlan.objects.exists()


def test_a_line_needs_a_date_or_a_month_but_not_both(crew, login):
    response = login(crew["hr"]).post("/training/plans/", plan_form_data(PLAN, [
        line(crew["faults"]), line(crew["updates"], starts_on="2027-03-01", month="2027-03")]))

    lines = response.context["lines"]
    assert lines.forms[0].errors["starts_on"] == ["请填写培训开始日期，或只填写培训月份。"]
    assert lines.forms[1].errors["month"] == ["培训时间填写开始日期或培训月份，二者选其一。"]


def test_the_form_applies_the_lead_time_to_the_first_line(crew, login):
    today = timezone.localdate()
    monthly = {"kind": PlanKind.MONTHLY, "title": "月度计划", "starts_on": today.isoformat(),
               "ends_on": (today + datetime.timedelta(days=40)).isoformat()}
    soon, later = today + datetime.timedelta(days=5), today + datetime.timedelta(days=20)
    client = login(crew["hr"])

    response = client.post("/training/plans/", plan_form_data(monthly, [
        line(crew["updates"], starts_on=later.isoformat()), line(crew["faults"], starts_on=soon.isoformat())]))
    lines = response.context["lines"]
    assert "月度培训计划须至少提前 10 天报批" in lines.forms[1].errors["starts_on"][0]
    assert not lines.forms[0].errors and not TrainingPlan.objects.exists()

    response = client.post("/training/plans/", plan_form_data(monthly, [
        line(crew["updates"], starts_on=later.isoformat())]))  # the first training 20 days ahead: in time
    assert response.status_code == 302


def test_lines_are_removed_with_delete(crew, login):
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    first = add_line(plan, course=crew["faults"], starts_on=datetime.date(2027, 3, 1))
    second = add_line(plan, course=crew["updates"], starts_on=datetime.date(2027, 4, 1))

    response = login(crew["hr"]).post(f"/training/plans/{plan.pk}/edit/", plan_form_data(PLAN, [
        line(crew["faults"], id=first.pk, starts_on="2027-03-01"),
        line(crew["updates"], id=second.pk, starts_on="2027-04-01", DELETE="on")], initial=2))

    assert response.status_code == 302
    assert list(plan.lines.all()) == [first]


def test_lines_are_locked_once_submitted_and_editable_again_when_returned(crew, login):
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    kept = add_line(plan, course=crew["faults"], starts_on=datetime.date(2027, 3, 1), goal="原目标")
    client = login(crew["hr"])
    form = TrainingPlanForm(PLAN, instance=plan)
    data = plan_form_data(PLAN, [line(crew["faults"], id=kept.pk, starts_on="2027-03-01", goal="改过的目标")],
                          initial=1)
    lines = PlanLineFormSet(data, instance=plan, prefix="lines")
    planning.submit(plan, crew["hr"])

    assert client.get(f"/training/plans/{plan.pk}/edit/").status_code == 403
    assert client.post(f"/training/plans/{plan.pk}/edit/", data).status_code == 403
    assert form.is_valid() and lines.is_valid()  # a form opened before the submission…
    with pytest.raises(ValidationError) as refused:
        planning.save_plan(form, lines, crew["hr"])  # …saves nothing once it is submitted
    assert "课程明细已锁定" in refused.value.messages[0]
    kept.refresh_from_db()
    assert kept.goal == "原目标"
    html = client.get(f"/training/plans/{plan.pk}/").content.decode()
    assert "修改计划" not in html

    planning.review(plan, crew["office"], passed=False, comments="请细化目标")
    assert client.post(f"/training/plans/{plan.pk}/edit/", data).status_code == 302
    kept.refresh_from_db()
    assert kept.goal == "改过的目标"


def test_the_plan_page_shows_the_lines_as_a_table_to_the_reviewers_in_bounded_queries(
        crew, login, django_assert_max_num_queries):
    plan = TrainingPlan.objects.create(created_by=crew["hr"], **{**PLAN, "starts_on": START, "ends_on": END})
    add_line(plan, course=crew["faults"], starts_on=datetime.date(2027, 3, 10), trainers=[crew["trainer"]],
             goal="提高故障分析能力", place="生产现场", method=PlanMethod.ON_SITE)
    planning.submit(plan, crew["hr"])
    office = login(crew["office"])
    office.get(f"/training/plans/{plan.pk}/")  # warm the caches (site, settings)

    with django_assert_max_num_queries(18) as one_line:  # measured: 15, with one line or six
        html = office.get(f"/training/plans/{plan.pk}/").content.decode()
    assert 'id="plan-lines-table"' in html and "故障分析与维修" in html and "林培训师" in html
    assert "提高故障分析能力" in html and "实地操作" in html and "2027-03-10" in html

    for index in range(5):
        add_line(plan, course=crew["updates"], month=datetime.date(2027, 4 + index, 1), trainers=[crew["trainer"]])
    with django_assert_max_num_queries(len(one_line.captured_queries)):  # no query per line
        html = office.get(f"/training/plans/{plan.pk}/").content.decode()
    assert html.count("产品与技术更新") == 5 and "2027-08（月内）" in html
    assert "审核通过，报管理层审批" in html
