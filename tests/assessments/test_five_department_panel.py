"""The practical exam 实际操作考核 is scored by 技术、工程、品管、售后、生产
*together* (售后服务人员培训管理办法 五.3.D.2, 六.B): no result until each of the
five departments has scored, the mean over departments (several examiners of
one department averaged first), and the grade "由售后部根据考核结果与出差安装/
维修机器的实际能力提出定级意见" before HR confirms it."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import hooks

from assessments import decisions, proposals, scoring
from assessments.models import GradeDecision
from assessments.rules.panel import PanelIncomplete, panel_result
from tests.factories import make_practical_exam, make_qualification, make_user, score_all

D = Decimal
FIVE = ("technical", "engineering", "quality", "after-sales", "production")


@pytest.mark.django_db
def test_a_panel_with_four_departments_cannot_finalise_and_names_the_missing_one():
    exam = make_practical_exam(examiners=[(make_user(), code) for code in FIVE[:4]])
    score_all(exam, [90, 90, 90, 90])
    exam.refresh_from_db()
    assert not exam.is_final and exam.score is None
    with pytest.raises(ValidationError, match="生产部"):
        scoring.finalise(exam)
    assert [d.name for d in scoring.missing_departments(exam)] == ["生产部"]


@pytest.mark.django_db
def test_two_examiners_from_one_department_count_once():
    examiners = [(make_user(), "technical"), (make_user(), "technical")] + [(make_user(), c) for c in FIVE[1:]]
    exam = make_practical_exam(examiners=examiners)
    score_all(exam, [100, 100, 70, 70, 70, 70])
    exam.refresh_from_db()
    # 技术部 (100 + 100) / 2 = 100, then (100 + 4 × 70) / 5 = 76, not the six sheets' 80.
    assert exam.is_final and exam.score == D("76.00") and exam.passed is False
    assert exam.spread == D("30.00") and exam.spread_flagged


@pytest.mark.django_db
def test_all_five_departments_scoring_makes_the_result_stand():
    exam = make_practical_exam()
    score_all(exam, [80, 85, 90, 95, 100])
    exam.refresh_from_db()
    assert exam.is_final and exam.score == D("90.00") and exam.passed


def test_the_rule_refuses_a_panel_without_every_department():
    with pytest.raises(PanelIncomplete) as refused:
        panel_result([("technical", 90), ("quality", 90)], departments=FIVE, pass_mark=80, spread_threshold=15,
                     names={"engineering": "工艺工程部", "after-sales": "售后部", "production": "生产部"})
    assert refused.value.missing == ("engineering", "after-sales", "production")
    assert "工艺工程部、售后部、生产部" in str(refused.value)


@pytest.fixture
def proposed(db):
    trainee = make_user("field_trainee")
    make_qualification(trainee)
    with hooks.register_temporarily(proposals.WRITTEN_SCORE_HOOK, lambda person: D("92")):
        score_all(make_practical_exam(trainee=trainee), [92] * 5)
    return GradeDecision.objects.get(person=trainee)


def test_the_after_sales_manager_notes_field_ability_on_the_proposal_before_hr_confirms(proposed, login):
    manager = make_user("aftersales_manager", groups=["售后部经理"])
    client = login(manager)
    url = reverse("assessments_grade_field_ability", args=[proposed.pk])
    assert client.post(url, {"note": ""}).status_code == 200  # empty note refused, nothing written
    proposed.refresh_from_db()
    assert proposed.field_ability_note == ""
    response = client.post(url, {"note": "独立完成三次出差安装调试，客户无投诉。"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.field_ability_note == "独立完成三次出差安装调试，客户无投诉。"
    assert proposed.field_ability_by == manager and proposed.field_ability_at is not None
    assert proposed.status == "proposed"  # still HR's to confirm
    decisions.confirm(proposed, make_user(groups=["人资部"]))
    with pytest.raises(ValueError, match="已确认"):
        decisions.record_field_ability(proposed, manager, "改写")


def test_only_the_after_sales_manager_may_note_field_ability(proposed, login):
    outsider = make_user("not_manager")
    with pytest.raises(ValueError, match="售后部经理"):
        decisions.record_field_ability(proposed, outsider, "能力很强")
    assert login(outsider).get(reverse("assessments_grade_field_ability", args=[proposed.pk])).status_code in (302, 403)
