"""The placement test 摸底考试: a final score sets the trainee's plan level
(basic / intermediate / advanced) on their plan table, by thresholds that
are data on the exam."""
from decimal import Decimal

import pytest

from assessments import attempts as engine
from assessments.models import PlacementResult
from assessments.rules.placement import placement_level
from lms import traineeship
from lms.models import TraineePlanTable
from people.permissions import HR
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.factories import make_question, make_user


@pytest.mark.parametrize("score, level", [
    ("0", "basic"), ("59.99", "basic"), ("60", "intermediate"), ("79.99", "intermediate"),
    ("80", "advanced"), ("100", "advanced"),
])
def test_the_default_thresholds_place_each_score(score, level):
    assert placement_level(Decimal(score)) == level


def test_thresholds_are_arguments():
    assert placement_level(Decimal("65"), intermediate_from=Decimal("70"), advanced_from=Decimal("90")) == "basic"
    assert placement_level(Decimal("90"), intermediate_from=Decimal("70"), advanced_from=Decimal("90")) == "advanced"


@pytest.mark.parametrize("score", [Decimal("-1"), Decimal("100.01")])
def test_scores_outside_0_to_100_are_refused(score):
    with pytest.raises(ValueError):
        placement_level(score)


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
    attempt = sit(placement_paper(), trainee, 4)  # 80
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("advanced", Decimal("80.00"))
    result = PlacementResult.objects.get(attempt=attempt)
    assert result.table == table and result.applied_at == attempt.finalised_at


@pytest.mark.django_db
def test_the_thresholds_on_the_exam_are_used(hr):
    trainee = make_user("placement_custom")
    table = traineeship.create_table(trainee, hr)
    exam = placement_paper()
    exam.placement_intermediate_from = Decimal("50")
    exam.placement_advanced_from = Decimal("95")
    exam.save_revision().publish()
    sit(exam, trainee, 3)  # 60
    table.refresh_from_db()
    assert table.level == "intermediate"


@pytest.mark.django_db
def test_a_trainee_without_a_table_gets_the_level_when_one_is_created(hr):
    trainee = make_user("placement_early")
    sit(placement_paper(), trainee, 3)  # 60
    result = PlacementResult.objects.get(trainee=trainee)
    assert result.level == "intermediate" and result.table is None and result.applied_at is None
    table = traineeship.create_table(trainee, hr)
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("intermediate", Decimal("60.00"))
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
    engine.mark_answer(short, 0, hr, now=T0 + minutes(30))  # 4 of 6 points: 66.67
    table.refresh_from_db()
    assert (table.level, table.placement_score) == ("intermediate", Decimal("66.67"))


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
