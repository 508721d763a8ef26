"""A course that ends with a written exam completes when the exam is passed."""
import pytest
from django.contrib.contenttypes.models import ContentType

from assessments import attempts as engine
from assessments.models import ExamPage
from lms.enrolling import enrol
from lms.models import EnrolmentSource
from lms.progress import complete_lesson
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.factories import make_user
from tests.lms.builders import make_course

pytestmark = pytest.mark.django_db


def course_ending_with(exam):
    return make_course(exam_content_type=ContentType.objects.get_for_model(ExamPage), exam_object_id=exam.pk)


def sit(exam, user, answers_for):
    attempt = engine.start_attempt(exam, user, now=T0)
    engine.save_answers(attempt, answers_for(attempt), 1, now=T0 + minutes(1))
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(2))
    return attempt


def test_passing_the_final_exam_completes_the_course():
    trainee = make_user("course_exam_pass")
    exam = exam_with(objective_paper())
    course = course_ending_with(exam)
    enrolment, _ = enrol(trainee, course, EnrolmentSource.ASSIGNED)
    complete_lesson(trainee, course.lessons.first())
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # lessons done, exam still to pass

    sit(exam, trainee, right_answers)
    enrolment.refresh_from_db()
    assert enrolment.exam_passed_at is not None
    assert enrolment.completed_at is not None


def test_failing_the_final_exam_leaves_the_course_open():
    trainee = make_user("course_exam_fail")
    exam = exam_with(objective_paper())
    course = course_ending_with(exam)
    enrolment, _ = enrol(trainee, course, EnrolmentSource.ASSIGNED)
    complete_lesson(trainee, course.lessons.first())

    sit(exam, trainee, wrong_answers)
    enrolment.refresh_from_db()
    assert enrolment.exam_passed_at is None
    assert enrolment.completed_at is None


def test_my_tasks_lists_the_course_the_exam_under_way_and_the_exam_still_to_pass(login):
    trainee = make_user("course_exam_tasks")
    exam = exam_with(objective_paper())
    course = course_ending_with(exam)
    enrol(trainee, course, EnrolmentSource.ASSIGNED)
    attempt = engine.start_attempt(exam, trainee)

    html = login(trainee).get("/my/tasks/").content.decode()
    assert course.title in html
    assert f'{exam.url}attempt/{attempt.pk}/' in html  # resume the attempt under way
    assert "的结业考试，尚未通过" in html
    assert "暂无待参加的考试" not in html
