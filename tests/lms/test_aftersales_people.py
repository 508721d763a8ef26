"""The plan table's people (售后服务人员培训管理办法 四, 五.3.C): "售后部经理
需对每个受训人员都建立一个培训计划表"; "生产储备售后人员由生产制定，考核完成后
将完整资料影印一份给售后部/人资部存档"; approved by 常务副总 and distributed to
the trainee and the head of the leading training department; a trainee who
cannot reach a stage's goal records it and the 售后部经理 gives a handling
opinion, with written feedback to an office/dealer; a perfunctory trainer
gets a 记过; 早会 records."""
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.failures import record_failure_outcome
from assessments.models import FailureOutcome
from assessments.rules.accountability import continuation_fee
from lms import aftersales, traineeship
from lms.models import (
    MeetingProblem,
    MorningMeeting,
    PlanTableCopy,
    Trainer,
    TrainerDemerit,
)
from people.models import Notification
from people.permissions import AFTER_SALES_MANAGER, PRODUCTION_PLANNERS
from tests.factories import DepartmentFactory, make_practical_exam, make_user, score_all

from .builders import PLACED, delivered, people

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def p():
    crew = people()
    crew["manager"] = make_user("aftersales_mgr", groups=[AFTER_SALES_MANAGER], email="mgr@example.com")
    crew["production"] = DepartmentFactory(code="production", name="生产部")
    crew["planner"] = make_user("production_planner", groups=[PRODUCTION_PLANNERS])
    crew["hr_dept"] = DepartmentFactory(code="hr", name="人资部")
    return crew


def one_line_table(p, by, **fields):
    table = traineeship.create_table(p["trainee"], by, placement_score=PLACED, **fields)
    traineeship.add_item(table, by, content="电气基础", department=p["technical"], trainer=p["trainer"],
                         planned_start=DAY, planned_end=DAY, goal="能识读电气原理图")
    traineeship.submit(table, by)
    traineeship.approve(table, p["evp"])
    table.refresh_from_db()
    return table


def test_the_after_sales_manager_builds_a_table_but_a_production_reserve_table_is_production_s(p):
    with pytest.raises(PermissionDenied, match="生产部"):
        traineeship.create_table(p["trainee"], p["manager"], source="production_reserve")
    with pytest.raises(PermissionDenied):
        traineeship.create_table(p["trainee"], p["planner"], source="new_hire")
    assert traineeship.create_table(p["trainee"], p["manager"]).created_by == p["manager"]


def test_a_production_reserve_table_is_filed_to_after_sales_and_hr_when_the_assessment_completes(p):
    table = one_line_table(p, p["planner"], source="production_reserve")
    assert not PlanTableCopy.objects.exists()
    traineeship.pass_stage(table, p["trainer"])
    copies = PlanTableCopy.objects.filter(table=table)
    assert {c.department.code for c in copies} == {"after-sales", "hr"}
    assert copies.first().snapshot["rows"][0]["content"] == "电气基础"
    assert table.events.filter(kind="filed").exists()


def test_approval_reaches_the_trainee_and_the_head_of_the_leading_department(p):
    head = make_user("technical_head")
    p["technical"].head = head
    p["technical"].save()
    table = one_line_table(p, p["manager"])
    delivered()
    assert Notification.objects.filter(user=p["trainee"], title__contains="已经常务副总批准").exists()
    assert Notification.objects.filter(user=head, title__contains="技术部主导培训", url=table.get_absolute_url()).exists()


def test_a_cannot_reach_the_goal_entry_reaches_the_manager_and_the_dealer(p):
    table = one_line_table(p, p["manager"], source="dealer", sponsor="华南经销商", sponsor_email="south@example.com")
    shortfall = aftersales.record_shortfall(table, p["trainee"], "PLC 程序部分跟不上")
    delivered()
    assert Notification.objects.filter(user=p["manager"], title__contains="无法达到第 1 行培训目标").exists()
    with pytest.raises(ValidationError, match="书面反馈"):
        aftersales.handle_shortfall(shortfall, p["manager"], "continue", "延长两周")
    with pytest.raises(PermissionDenied):
        aftersales.handle_shortfall(shortfall, p["trainer"], "continue", office_feedback="x")
    mail.outbox.clear()
    with pytest.raises(ValidationError):  # an unknown opinion writes nothing
        aftersales.handle_shortfall(shortfall, p["manager"], "fire", office_feedback="x")
    handled = aftersales.handle_shortfall(shortfall, p["manager"], "continue", "延长两周",
                                          office_feedback="该学员 PLC 基础薄弱，建议延长培训两周。")
    assert handled.opinion == "continue" and handled.handled_by == p["manager"]
    assert handled.feedback_sent_to == "south@example.com" and handled.feedback_sent_at is not None
    assert table.events.filter(kind="handled").exists()
    delivered()
    assert Notification.objects.filter(user=p["trainee"], title__contains="继续培训").exists()


def test_the_trainee_records_the_shortfall_on_the_page_and_the_manager_answers_there(p, login, django_capture_on_commit_callbacks):
    table = one_line_table(p, p["manager"], source="dealer", sponsor="华南经销商", sponsor_email="south@example.com")
    url = f"/training/plan-tables/{table.pk}"
    login(p["trainee"]).post(f"{url}/shortfall/", {"note": "故障分析跟不上"})
    shortfall = table.shortfalls.get()
    page = login(p["manager"]).get(table.get_absolute_url()).content.decode()
    assert "故障分析跟不上" in page and "给办事处/经销商的书面反馈" in page
    with django_capture_on_commit_callbacks(execute=True):
        login(p["manager"]).post(f"{url}/handle/", {"shortfall": shortfall.pk, "opinion": "reserve",
                                                    "note": "转为储备", "office_feedback": "建议作为储备人员。"})
    shortfall.refresh_from_db()
    assert shortfall.opinion == "reserve"
    assert [m.to for m in mail.outbox if "书面反馈" in m.subject] == [["south@example.com"]]


def test_a_failed_dealer_trainee_who_continues_is_charged_200_a_day_from_that_date(p):
    trainee = p["trainee"]
    traineeship.create_table(trainee, p["manager"], source="dealer", sponsor="华东办事处",
                             sponsor_email="east@example.com")
    exam = make_practical_exam(trainee=trainee)
    score_all(exam, [60] * 5)
    exam.refresh_from_db()
    outcome = record_failure_outcome(FailureOutcome(trainee=trainee, failed_exam=exam, outcome="continue",
                                                    reason="调试步骤不熟", decided_on=datetime.date(2026, 5, 1)),
                                     p["manager"])
    record = outcome.continued_training
    assert record.started_on == datetime.date(2026, 5, 1) and record.sponsor == "华东办事处"
    assert record.daily_fee == Decimal("200.00")
    fee = continuation_fee(record.started_on, None, record.daily_fee, today=datetime.date(2026, 5, 10))
    assert fee.fee == Decimal("2000.00")


def test_a_demerit_shows_in_the_trainers_file(p):
    trainer = Trainer.objects.get(user=p["trainer"])
    TrainerDemerit.objects.create(trainer=trainer, decided_on=DAY, decided_by=p["manager"],
                                  evidence="连续三天未填写培训记录，受训人投诉")
    assert "不负责任、应付了事" in trainer.demerit_record() and "连续三天未填写培训记录" in trainer.demerit_record()


def test_a_morning_meeting_records_attendees_problems_and_follow_up(p):
    meeting = MorningMeeting.objects.create(held_on=DAY, held_by=p["manager"], remarks="本周安排")
    meeting.attendees.set([p["trainee"], p["trainer"]])
    MeetingProblem.objects.create(meeting=meeting, problem="实训机台不足", department=p["production"],
                                  follow_up="生产部周三前调拨一台")
    assert meeting.problems.get().department.name == "生产部" and meeting.attendees.count() == 2
