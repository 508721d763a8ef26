"""Short answers go to a marking queue; a person with the marking permission
scores them (who and when recorded) and the attempt's score becomes final."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from assessments import attempts as engine
from assessments.models import AttemptStatus, ExamAnswer
from tests.assessments.exams import T0, at, exam_with, minutes, right_answers
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def marker():
    user = make_user("marker_t", first_name="阅卷", last_name="王")
    user.user_permissions.add(
        Permission.objects.get(codename="mark_examanswer"),
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
    )
    return user


@pytest.fixture
def submitted():
    exam = exam_with(purpose="grading")  # four objective questions (1 point each) and a short answer (2 points)
    attempt = engine.start_attempt(exam, make_user("marking_trainee"), now=T0)
    engine.save_answers(attempt, right_answers(attempt, short="先断电，再验电"), 1, now=T0 + minutes(5))
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(10))
    return attempt


def short_answer(attempt):
    key = next(q["key"] for q in attempt.questions if q["type"] == "short_answer")
    return attempt.answers.get(key=key)


def test_a_short_answer_waits_for_a_marker_and_the_score_is_not_final(submitted):
    assert submitted.status == AttemptStatus.MARKING
    assert submitted.score is None and submitted.passed is None
    assert list(engine.marking_queue()) == [short_answer(submitted)]
    assert engine.grading_written_score(submitted.user) is None


def test_marking_the_last_short_answer_makes_the_score_final(submitted, marker):
    answer = engine.mark_answer(short_answer(submitted), "1.5", marker, comment="步骤不全", now=T0 + minutes(60))
    assert answer.marked_by == marker and answer.marked_at == T0 + minutes(60)
    submitted.refresh_from_db()
    assert submitted.status == AttemptStatus.FINAL
    assert submitted.points == Decimal("5.50") and submitted.max_points == Decimal("6.00")
    assert submitted.score == Decimal("91.67") and submitted.passed
    assert submitted.finalised_at == T0 + minutes(60)
    assert not engine.marking_queue().exists()
    assert engine.grading_written_score(submitted.user) == Decimal("91.67")


def test_marks_outside_the_questions_points_are_refused(submitted, marker):
    for bad in ("2.5", "-1", "abc", "1.234"):
        with pytest.raises(engine.MarkingError):
            engine.mark_answer(short_answer(submitted), bad, marker)
    assert short_answer(submitted).points is None


def test_a_final_score_is_not_marked_again(submitted, marker):
    engine.mark_answer(short_answer(submitted), 2, marker)
    with pytest.raises(engine.MarkingError, match="已评定"):
        engine.mark_answer(short_answer(submitted), 0, marker)
    submitted.refresh_from_db()
    assert submitted.score == Decimal("100.00")


def test_a_blank_short_answer_scores_zero_without_a_marker():
    exam = exam_with()
    attempt = engine.start_attempt(exam, make_user("blank_trainee"), now=T0)
    answers = right_answers(attempt, short="   ")
    engine.save_answers(attempt, answers, 1, now=T0)
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(1))
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.score == Decimal("66.67")
    assert not engine.marking_queue().exists()


def test_the_queue_is_only_for_markers(submitted, marker, login):
    staff = make_user("not_a_marker")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin",
                                                      content_type__app_label="wagtailadmin"))
    answer = short_answer(submitted)
    outsider = login(staff)
    assert outsider.get("/admin/assessments/marking/").status_code in (302, 403)
    assert outsider.post(f"/admin/assessments/marking/{answer.pk}/", {"points": "2"}).status_code in (302, 403)
    answer.refresh_from_db()
    assert answer.points is None


def test_a_marker_scores_from_the_queue_in_the_admin(submitted, marker, login):
    client = login(marker)
    answer = short_answer(submitted)
    queue = client.get("/admin/assessments/marking/")
    assert queue.status_code == 200 and f"/admin/assessments/marking/{answer.pk}/" in queue.content.decode()
    page = client.get(f"/admin/assessments/marking/{answer.pk}/").content.decode()
    assert "先断电，再验电" in page and "参考要点" in page
    with at(T0 + minutes(90)):
        response = client.post(f"/admin/assessments/marking/{answer.pk}/", {"points": "2", "comment": "完整"})
    assert response.status_code == 302
    answer = ExamAnswer.objects.get(pk=answer.pk)
    assert answer.points == Decimal("2.00") and answer.marked_by == marker
    assert answer.marked_at == T0 + minutes(90) and answer.marker_comment == "完整"
    submitted.refresh_from_db()
    assert submitted.status == AttemptStatus.FINAL and submitted.score == Decimal("100.00")


def test_a_member_of_the_markers_group_can_open_the_queue_on_a_fresh_database(login, submitted):
    from django.contrib.auth.models import Group

    person = make_user("marker_group_member")
    person.groups.add(Group.objects.get(name="阅卷人"))
    response = login(person).get("/admin/assessments/marking/")
    assert response.status_code == 200
    assert Group.objects.get(name="人资部").permissions.filter(codename="mark_examanswer").exists()
