"""The written part of a grade is the grading written exam 定级书面考卷
(售后服务人员培训管理办法 五.3.D.1: "书面考卷由技术部、工程部负责出题，人资部、
售后部组织考试"), its 补考 replacing a failed attempt: never a course quiz
课程测验 or the placement test 摸底考试."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import attempts as engine
from assessments.models import GradeDecision
from assessments.rules.written import WrittenSitting, grading_written_result
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.factories import make_practical_exam, make_qualification, make_user, score_all

D = Decimal


def sit(exam, trainee, answers_for, now):
    attempt = engine.start_attempt(exam, trainee, now=now)
    engine.save_answers(attempt, answers_for(attempt), 1, now=now)
    return engine.submit_attempt(attempt, now=now + minutes(1))[0]


def practical(trainee, total):
    exam = make_practical_exam(trainee=trainee)
    score_all(exam, [total] * exam.examiners.count())
    return exam


@pytest.mark.django_db
def test_a_perfect_course_quiz_and_a_failed_grading_paper_leave_the_trainee_reserve():
    trainee = make_user("quiz_ace")
    make_qualification(trainee, education="bachelor", product_series=3, years_experience=3)
    quiz = exam_with(objective_paper(), title="课程测验：电气基础", purpose="quiz")
    grading = exam_with(objective_paper(), title="定级书面考卷", purpose="grading")
    assert sit(quiz, trainee, right_answers, T0).score == D("100.00")
    assert sit(grading, trainee, wrong_answers, T0 + minutes(10)).passed is False
    practical(trainee, 95)

    decision = GradeDecision.objects.get(person=trainee)
    assert decision.written_score == D("0")
    assert decision.proposed_grade == "reserve"


@pytest.mark.django_db
def test_a_retake_exam_replaces_a_failed_grading_paper():
    trainee = make_user("retaker")
    make_qualification(trainee, education="bachelor", product_series=3, years_experience=3)
    grading = exam_with(objective_paper(), title="定级书面考卷", purpose="grading", retakes_allowed=0)
    retake = exam_with(objective_paper(), title="定级书面考卷（补考）", purpose="retake", retake_of=grading)
    sit(grading, trainee, wrong_answers, T0)
    assert engine.grading_written_score(trainee) == D("0.00")
    sit(retake, trainee, right_answers, T0 + minutes(30))
    assert engine.grading_written_score(trainee) == D("100.00")
    practical(trainee, 95)
    assert GradeDecision.objects.get(person=trainee).proposed_grade == "engineer_senior"  # mean 97.5


@pytest.mark.django_db
def test_course_quizzes_and_placement_tests_never_make_a_written_score():
    trainee = make_user("no_grading_paper")
    sit(exam_with(objective_paper(), purpose="quiz"), trainee, right_answers, T0)
    sit(exam_with(objective_paper(), purpose="placement"), trainee, right_answers, T0 + minutes(5))
    assert engine.grading_written_score(trainee) is None


@pytest.mark.django_db
def test_a_retake_exam_must_name_the_grading_exam_it_retakes():
    quiz = exam_with(objective_paper(), purpose="quiz")
    with pytest.raises(ValidationError, match="补考须指定原定级书面考试"):
        exam_with(objective_paper(), purpose="retake").full_clean()
    page = exam_with(objective_paper(), purpose="retake", retake_of=exam_with(objective_paper(), purpose="grading"))
    page.retake_of = quiz
    with pytest.raises(ValidationError, match="补考只能针对定级书面考试"):
        page.full_clean()


def at(hour):
    return datetime.datetime(2026, 3, 2, hour, 0, tzinfo=datetime.UTC)


def test_a_retake_does_not_replace_a_passed_paper():
    passed = WrittenSitting("grading", D(85), True, at(9))
    retake = WrittenSitting("retake", D(95), True, at(10))
    assert grading_written_result([retake, passed]) is passed


def test_a_retake_replaces_a_failed_paper_even_with_a_lower_score():
    failed = WrittenSitting("grading", D(79), False, at(9))
    retake = WrittenSitting("grading", D(78), False, at(10), is_retake=True)
    assert grading_written_result([failed, retake]) is retake


def test_quiz_and_placement_sittings_are_ignored():
    sittings = [WrittenSitting("quiz", D(100), True, at(9)), WrittenSitting("placement", D(100), True, at(10))]
    assert grading_written_result(sittings) is None
