"""The knowledge measure of a training's evaluation: the course exam's
final results of the session's trainees, each trainee's best attempt."""
import pytest
from django.contrib.contenttypes.models import ContentType

from assessments import attempts as engine
from assessments.models import ExamPage
from assessments.training_results import course_exam_results
from lms import evaluation
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.factories import make_user
from tests.lms.builders import make_course, make_session

pytestmark = pytest.mark.django_db


def sit(exam, user, answers_for, start=T0):
    attempt = engine.start_attempt(exam, user, now=start)
    engine.save_answers(attempt, answers_for(attempt), 1, now=start + minutes(1))
    attempt, _ = engine.submit_attempt(attempt, now=start + minutes(2))
    return attempt


def test_the_report_shows_the_course_exams_results_of_the_trainees_only():
    exam = exam_with(objective_paper(), attempts_allowed=2)
    course = make_course(exam_content_type=ContentType.objects.get_for_model(ExamPage), exam_object_id=exam.pk)
    passer, failer, outsider = make_user("te_pass"), make_user("te_fail"), make_user("te_out")
    session = make_session(make_user("te_trainer"), course=course, invitees=[passer, failer])
    sit(exam, passer, wrong_answers)
    sit(exam, passer, right_answers, start=T0 + minutes(10))
    sit(exam, failer, wrong_answers)
    sit(exam, outsider, right_answers)

    results = {r.user_id: r for r in course_exam_results(session, evaluation.trainees(session))}
    assert set(results) == {passer.pk, failer.pk}
    assert results[passer.pk].passed and results[passer.pk].score == 100
    assert not results[failer.pk].passed
    report = evaluation.report(session)  # through the hook assessments registers
    assert report.pass_rate == 50.0 and len(report.knowledge) == 2


def test_a_course_without_an_exam_has_no_knowledge_results():
    session = make_session(make_user("te_trainer2"), course=make_course(), invitees=[make_user("te_x")])
    assert course_exam_results(session, evaluation.trainees(session)) == []
