"""The server keeps the time: it sets the deadline, closes attempts that run
past it with the answers saved before it, and never reads the client's clock."""
import datetime
from decimal import Decimal

import pytest

from assessments import attempts as engine
from assessments import tasks
from assessments.models import AttemptStatus, CloseReason, ExamAttempt
from tests.assessments.exams import (
    T0,
    at,
    attempt_url,
    exam_with,
    minutes,
    objective_paper,
    post_json,
    right_answers,
    wrong_answers,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee():
    return make_user("timer_trainee")


def test_the_server_sets_start_and_deadline_from_the_time_limit(trainee):
    exam = exam_with(objective_paper(), time_limit_minutes=45)
    attempt = engine.start_attempt(exam, trainee, now=T0)
    assert attempt.started_at == T0
    assert attempt.deadline == T0 + minutes(45)
    assert attempt.remaining_seconds(T0 + minutes(44)) == 60


def test_the_deadline_is_capped_at_the_close_of_the_exam(trainee):
    exam = exam_with(objective_paper(), time_limit_minutes=60, closes_at=T0 + minutes(20))
    attempt = engine.start_attempt(exam, trainee, now=T0)
    assert attempt.deadline == T0 + minutes(20)


def test_no_attempt_can_start_outside_the_window(trainee):
    exam = exam_with(objective_paper(), opens_at=T0, closes_at=T0 + minutes(90))
    with pytest.raises(engine.AttemptRefused, match="尚未开放"):
        engine.start_attempt(exam, trainee, now=T0 - minutes(1))
    with pytest.raises(engine.AttemptRefused, match="已结束"):
        engine.start_attempt(exam, trainee, now=T0 + minutes(90))
    assert not ExamAttempt.objects.exists()


def test_a_save_after_the_deadline_closes_the_attempt_with_the_answers_saved_before(trainee):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    attempt = engine.start_attempt(exam, trainee, now=T0)
    right = right_answers(attempt)
    first_key = attempt.questions[0]["key"]
    engine.save_answers(attempt, {first_key: right[first_key]}, 1, now=T0 + minutes(29))
    with pytest.raises(engine.AttemptClosed):
        engine.save_answers(attempt, right, 2, now=T0 + minutes(30))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.close_reason == CloseReason.TIMED_OUT
    assert attempt.submitted_at == T0 + minutes(30)
    assert attempt.seq == 1
    assert engine.saved_responses(attempt)[first_key] == right[first_key]
    assert [k for k, v in engine.saved_responses(attempt).items() if v is not None] == [first_key]
    assert attempt.score == Decimal("25.00")


def test_a_submit_after_the_deadline_ignores_the_answers_it_carries(trainee):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, wrong_answers(attempt), 1, now=T0 + minutes(10))
    attempt, changed = engine.submit_attempt(attempt, answers=right_answers(attempt), seq=2,
                                             now=T0 + minutes(31))
    assert changed and attempt.close_reason == CloseReason.TIMED_OUT
    assert attempt.score == Decimal("0.00")


def test_opening_the_attempt_after_the_deadline_hands_it_in(trainee, login):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    with at(T0 + minutes(5)):
        post_json(client, attempt_url(exam, attempt, "save"), {"seq": 1, "answers": right_answers(attempt)})
    with at(T0 + minutes(31)):
        response = client.get(attempt_url(exam, attempt))
    assert response.status_code == 302 and response["Location"] == attempt_url(exam, attempt, "result")
    attempt.refresh_from_db()
    assert attempt.close_reason == CloseReason.TIMED_OUT
    assert attempt.score == Decimal("100.00")  # what was saved before the deadline counts


def test_an_autosave_after_the_deadline_is_refused_and_closes_the_attempt(trainee, login):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    with at(T0 + minutes(30, )):
        response = post_json(client, attempt_url(exam, attempt, "save"), {"seq": 1, "answers": right_answers(attempt)})
    assert response.status_code == 410
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL and attempt.score == Decimal("0.00")


def test_time_sent_by_the_client_is_ignored(trainee, login):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    late_but_claims_early = {
        "seq": 1, "answers": right_answers(attempt),
        "client_time": (T0 + minutes(1)).isoformat(), "now": (T0 + minutes(1)).isoformat(),
        "deadline": (T0 + minutes(600)).isoformat(), "remaining_seconds": 36000,
    }
    with at(T0 + minutes(20)):
        saved = post_json(client, attempt_url(exam, attempt, "save"), {**late_but_claims_early,
                                                                       "answers": {}})
    assert saved.status_code == 200
    assert saved.json()["remaining_seconds"] == 600  # from the server's clock
    with at(T0 + minutes(31)):
        response = post_json(client, attempt_url(exam, attempt, "save"), {**late_but_claims_early, "seq": 2})
    assert response.status_code == 410
    attempt.refresh_from_db()
    assert attempt.deadline == T0 + minutes(30)
    assert attempt.score == Decimal("0.00")


def test_the_task_closes_abandoned_attempts_past_their_deadline(trainee):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    other = make_user("timer_other")
    abandoned = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(abandoned, right_answers(abandoned), 1, now=T0 + minutes(2))
    running = engine.start_attempt(exam, other, now=T0 + minutes(20))
    with at(T0 + minutes(35)):
        assert tasks.close_expired_attempts.delay().get() == 1
    abandoned.refresh_from_db()
    running.refresh_from_db()
    assert abandoned.status == AttemptStatus.FINAL and abandoned.close_reason == CloseReason.TIMED_OUT
    assert abandoned.submitted_at == T0 + minutes(30) and abandoned.score == Decimal("100.00")
    assert running.status == AttemptStatus.IN_PROGRESS


def test_the_task_is_scheduled():
    from django.conf import settings

    assert any(entry["task"] == "assessments.tasks.close_expired_attempts"
               for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_the_remaining_time_shown_is_the_servers(trainee, login):
    exam = exam_with(objective_paper(), time_limit_minutes=30)
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    with at(T0 + datetime.timedelta(minutes=12, seconds=30)):
        page = client.get(attempt_url(exam, attempt))
    assert page.context["remaining"] == 17 * 60 + 30
    assert 'data-seconds="1050"' in page.content.decode()
