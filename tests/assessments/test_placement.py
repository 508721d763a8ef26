"""The placement test 摸底考试: a final score sets the trainee's plan level
(basic / intermediate / advanced) on their plan table, by the grade scheme's
position bands (below 80 储备, 80–<90 技工, 90+ 工程师), data versioned with the scheme."""
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import attempts as engine
from assessments.models import PlacementResult
from assessments.placement_results import record_practical_part
from assessments.rules.placement import place, placement_level
from assessments.terms.scheme import Band
from lms import traineeship
from lms.models import TraineePlanTable
from people.permissions import HR
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.assessments.schemes import spec_rules
from tests.factories import make_question, make_user

D = Decimal


@pytest.mark.parametrize("score, position, level", [
    ("0", "reserve", "basic"), ("79.99", "reserve", "basic"), ("80", "technician", "intermediate"),
    ("85", "technician", "intermediate"), ("89.99", "technician", "intermediate"),
    ("90", "engineer", "advanced"), ("100", "engineer", "advanced"),
])
def test_the_schemes_position_bands_place_each_score(score, position, level):
    """四.A: below 80 储备 → 基础培训计划; 80–<90 技工 → 中级; 90+ 工程师 → 高级."""
    placement = place(Decimal(score), scheme=spec_rules())
    assert (placement.position, placement.level) == (position, level)
    assert placement_level(Decimal(score), scheme=spec_rules()) == level


def test_the_bands_are_the_schemes_data_not_constants():
    stricter = spec_rules(bands=[Band(85, "technician_junior"), Band(88, "technician_mid"), Band(90, "technician_senior"),
                                 Band(95, "engineer_junior"), Band(97, "engineer_mid"), Band(99, "engineer_senior")])
    assert placement_level(Decimal("85"), scheme=stricter) == "intermediate"
    assert placement_level(Decimal("84"), scheme=stricter) == "basic"
    assert placement_level(Decimal("94"), scheme=stricter) == "intermediate"


def test_a_practical_placement_part_is_averaged_with_the_written_part():
    assert place(Decimal("84"), Decimal("96"), scheme=spec_rules()).level == "advanced"  # mean 90


@pytest.mark.parametrize("score", [Decimal("-1"), Decimal("100.01")])
def test_scores_outside_0_to_100_are_refused(score):
    with pytest.raises(ValueError):
        placement_level(score, scheme=spec_rules())


def placement_paper(n=5):
    """A placement exam of ``n`` one-point true/false questions."""
    questions = [make_question("true_false", text=f"摸底判断题{i}", true_false=True) for i in range(n)]
    return exam_with(questions, is_placement=True, shuffle_questions=False, title="售后摸底考试")


def sit(exam, trainee, n_right, now=T0):
    attempt = engine.start_attempt(exam, trainee, now=now)
    answers = {q["key"]: index < n_right for index, q in enumerate(attempt.questions)}
    engine.save_answers(attempt, answers, 1, now=now)
    attempt, _ = engine.submit_attempt(attempt, now=now + minutes(1))
    return attempt


@pytest.fixture
def hr(db):
    return make_user("placement_hr", groups=[HR])


@pytest.mark.django_db
def test_a_final_placement_score_sets_the_level_of_a_table_being_drawn_up(hr):
    trainee = make_user("placement_trainee")
    table = traineeship.create_table(trainee, hr)
    assert table.level == "basic"
    attempt = sit(placement_paper(), trainee, 5)  # 100
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("advanced", Decimal("100.00"))
    result = PlacementResult.objects.get(attempt=attempt)
    assert result.table == table and result.applied_at == attempt.finalised_at


@pytest.mark.django_db
def test_a_placement_of_85_gives_the_intermediate_plan(hr):
    trainee = make_user("placement_85")
    table = traineeship.create_table(trainee, hr)
    questions = [make_question("true_false", text=f"摸底判断题{i}", true_false=True) for i in range(20)]
    exam = exam_with(questions, purpose="placement", shuffle_questions=False, title="售后摸底考试（20题）")
    attempt = sit(exam, trainee, 17)  # 85
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("intermediate", Decimal("85.00"))
    result = PlacementResult.objects.get(attempt=attempt)
    assert result.position == "technician" and "技工" in result.reason


@pytest.mark.django_db
def test_a_practical_placement_part_is_recorded_and_moves_the_level(hr):
    trainee = make_user("placement_practical")
    table = traineeship.create_table(trainee, hr)
    sit(placement_paper(), trainee, 4)  # 80: 技工
    result = PlacementResult.objects.get(trainee=trainee)
    with pytest.raises(ValueError):
        record_practical_part(result, 100, make_user("not_hr"))
    record_practical_part(result, 100, hr, note="更换主轴轴承，独立完成")
    result.refresh_from_db(), table.refresh_from_db()
    assert (result.written_score, result.practical_score, result.score) == (D("80.00"), D("100.00"), D("90.00"))
    assert result.position == "engineer" and (table.level, table.placement_score) == ("advanced", D("90.00"))


@pytest.mark.django_db
def test_a_trainee_without_a_table_gets_the_level_when_one_is_created(hr):
    trainee = make_user("placement_early")
    sit(placement_paper(), trainee, 4)  # 80
    result = PlacementResult.objects.get(trainee=trainee)
    assert result.level == "intermediate" and result.table is None and result.applied_at is None
    table = traineeship.create_table(trainee, hr)
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("intermediate", Decimal("80.00"))
    result.refresh_from_db()
    assert result.table == table and result.applied_at is not None


@pytest.mark.django_db
def test_an_approved_table_is_not_changed_behind_the_approver(hr):
    trainee = make_user("placement_late")
    table = traineeship.create_table(trainee, hr)
    TraineePlanTable.objects.filter(pk=table.pk).update(status="approved")
    sit(placement_paper(), trainee, 5)
    table.refresh_from_db()
    assert table.level == "basic" and table.placement_score is None
    result = PlacementResult.objects.get(trainee=trainee)
    assert result.table == table and result.applied_at is None and "已批准" in result.note


@pytest.mark.django_db
def test_the_level_is_set_only_when_the_score_is_final(hr):
    trainee = make_user("placement_marking")
    table = traineeship.create_table(trainee, hr)
    exam = exam_with(is_placement=True)  # has a short answer
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0)
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(1))
    assert not PlacementResult.objects.exists()
    short = attempt.answers.get(needs_marking=True)
    engine.mark_answer(short, 0, hr, now=T0 + minutes(30))  # 4 of 6 points: 66.67, below 80: 储备
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("basic", Decimal("66.67"))


@pytest.mark.django_db
def test_placement_tests_do_not_count_as_written_exam_scores():
    trainee = make_user("placement_written")
    sit(placement_paper(), trainee, 5)
    assert engine.grading_written_score(trainee) is None
    written = exam_with(objective_paper(), title="定级书面考试", purpose="grading")
    attempt = engine.start_attempt(written, trainee, now=T0)
    engine.save_answers(attempt, wrong_answers(attempt), 1, now=T0)
    engine.submit_attempt(attempt, now=T0 + minutes(1))
    assert engine.grading_written_score(trainee) == Decimal("0.00")


@pytest.mark.django_db
def test_hr_records_the_practical_placement_part_in_the_admin(hr, login):
    trainee = make_user("placement_admin")
    traineeship.create_table(trainee, hr)
    sit(placement_paper(), trainee, 4)  # 80
    result = PlacementResult.objects.get(trainee=trainee)
    hr.is_staff = True
    hr.save()
    client = login(hr)
    url = reverse("assessments_placement_practical", args=[result.pk])
    assert url in client.get(reverse("wagtailsnippets_assessments_placementresult:list")).content.decode()
    assert client.post(url, {"score": "101"}).status_code == 200  # refused, nothing written
    response = client.post(url, {"score": "60", "note": "调试未完成"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.score, result.level) == (D("70.00"), "basic")
    assert login(make_user("placement_outsider")).get(url).status_code in (302, 403)
