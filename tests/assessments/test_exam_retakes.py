"""Attempts allowed and the retake (补考) rule, and the best final written
score the grade decision reads."""
from decimal import Decimal

import pytest

from assessments import attempts as engine
from assessments.proposals import written_score_for
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def sit(exam, trainee, answers_for, now):
    attempt = engine.start_attempt(exam, trainee, now=now)
    engine.save_answers(attempt, answers_for(attempt), 1, now=now)
    return engine.submit_attempt(attempt, now=now + minutes(1))[0]


def test_a_failed_exam_may_be_retaken_and_the_best_score_counts():
    exam = exam_with(objective_paper(), attempts_allowed=1, retakes_allowed=1, purpose="grading")
    trainee = make_user("retake_trainee")
    first = sit(exam, trainee, wrong_answers, T0)
    assert first.passed is False and first.is_retake is False
    retake = sit(exam, trainee, right_answers, T0 + minutes(10))
    assert retake.is_retake and retake.number == 2 and retake.passed
    assert engine.grading_written_score(trainee) == Decimal("100.00")
    assert written_score_for(trainee) == Decimal("100.00")  # what the grade decision reads


def test_no_more_attempts_than_allowed():
    exam = exam_with(objective_paper(), attempts_allowed=1, retakes_allowed=1, purpose="grading")
    trainee = make_user("retake_used_up")
    sit(exam, trainee, wrong_answers, T0)
    sit(exam, trainee, wrong_answers, T0 + minutes(10))
    with pytest.raises(engine.AttemptRefused, match="次数已用完"):
        engine.start_attempt(exam, trainee, now=T0 + minutes(20))
    assert engine.grading_written_score(trainee) == Decimal("0.00")


def test_a_passed_exam_is_not_sat_again():
    exam = exam_with(objective_paper(), attempts_allowed=2)
    trainee = make_user("retake_passed")
    sit(exam, trainee, right_answers, T0)
    with pytest.raises(engine.AttemptRefused, match="已通过"):
        engine.start_attempt(exam, trainee, now=T0 + minutes(10))


def test_a_retake_waits_until_the_previous_score_is_final():
    exam = exam_with(attempts_allowed=1, retakes_allowed=1)  # with a short answer to mark
    trainee = make_user("retake_waiting")
    sit(exam, trainee, wrong_answers, T0)  # blank short answer: final at once
    other = make_user("retake_waiting2")
    attempt = sit(exam, other, right_answers, T0)
    assert attempt.status == "marking"
    with pytest.raises(engine.AttemptRefused, match="尚未评定"):
        engine.start_attempt(exam, other, now=T0 + minutes(10))
    assert engine.start_attempt(exam, trainee, now=T0 + minutes(10)).is_retake


def test_a_random_paper_draws_n_per_category_and_shuffles_per_attempt():
    from tests.factories import make_question

    for i in range(6):
        make_question("true_false", text=f"电气判断{i}", category="电气基础")
        make_question("true_false", text=f"保养判断{i}", category="维护保养")
    exam = exam_with([], draw=[("电气基础", 3), ("维护保养", 2)])
    papers = [engine.start_attempt(exam, make_user(f"draw_{n}"), now=T0).questions for n in range(6)]
    for paper in papers:
        assert sum(q["category"] == "电气基础" for q in paper) == 3
        assert sum(q["category"] == "维护保养" for q in paper) == 2
        assert len({q["question_id"] for q in paper}) == 5
    assert len({tuple(q["question_id"] for q in paper) for paper in papers}) > 1


def test_the_same_seed_gives_the_same_paper():
    exam = exam_with(objective_paper())
    assert engine.build_paper(exam, 1234) == engine.build_paper(exam, 1234)
    orders = {tuple(o["text"] for q in engine.build_paper(exam, seed) for o in q["options"]) for seed in range(8)}
    assert len(orders) > 1  # options are shuffled per attempt
