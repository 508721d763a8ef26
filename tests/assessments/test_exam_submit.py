"""Handing in happens exactly once: double clicks, second tabs and
concurrent requests find the attempt already closed and change nothing."""
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import attempts as engine
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
    return make_user("exam_trainee")


def test_objective_answers_are_marked_on_submit(trainee):
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0 + minutes(5))
    attempt, changed = engine.submit_attempt(attempt, now=T0 + minutes(10))
    assert changed
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.close_reason == CloseReason.SUBMITTED
    assert attempt.score == Decimal("100.00") and attempt.passed


def test_multiple_choice_is_all_or_nothing(trainee):
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    answers = right_answers(attempt)
    multi = next(q for q in attempt.questions if q["type"] == "multiple")
    answers[multi["key"]] = answers[multi["key"]][:1]  # one of the two right options only
    engine.save_answers(attempt, answers, 1, now=T0)
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(1))
    assert attempt.answers.get(key=multi["key"]).points == Decimal("0.00")
    assert attempt.score == Decimal("75.00")
    assert attempt.passed is False  # below the default pass mark of 80


def test_second_submit_changes_nothing(trainee):
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0)
    first, changed = engine.submit_attempt(attempt, now=T0 + minutes(3))
    assert changed
    again, changed_again = engine.submit_attempt(attempt, answers=wrong_answers(attempt), seq=99,
                                                 now=T0 + minutes(4))
    assert changed_again is False
    again.refresh_from_db()
    assert again.submitted_at == first.submitted_at == T0 + minutes(3)
    assert again.score == Decimal("100.00")
    assert again.seq == 1
    assert engine.saved_responses(again) == engine.saved_responses(first)


def test_double_click_on_submit_hands_in_once(trainee, login):
    exam = exam_with(objective_paper())
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    with at(T0 + minutes(2)):
        form = {f"answer-{k}": v for k, v in right_answers(attempt).items() if not isinstance(v, (list, bool))}
        first = client.post(attempt_url(exam, attempt, "submit"), {"seq": 1, **form})
    with at(T0 + minutes(2)):
        second = client.post(attempt_url(exam, attempt, "submit"), {"seq": 2})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == attempt_url(exam, attempt, "result")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.submitted_at == T0 + minutes(2)
    assert attempt.seq == 1  # the second click's answers were not stored
    assert ExamAttempt.objects.filter(user=trainee).count() == 1


def test_two_tabs_work_on_the_same_attempt(trainee, login):
    exam = exam_with(objective_paper())
    tab_a, tab_b = login(trainee), login(trainee)
    with at(T0):
        tab_a.post(f"{exam.url}start/")
        tab_b.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)  # one attempt, not two
    with at(T0 + minutes(1)):
        assert post_json(tab_a, attempt_url(exam, attempt, "save"),
                         {"seq": 1, "answers": right_answers(attempt)}).status_code == 200
        submitted = post_json(tab_a, attempt_url(exam, attempt, "submit"), {"seq": 2, "answers": {}})
    assert submitted.json()["changed"] is True
    with at(T0 + minutes(2)):
        late_save = post_json(tab_b, attempt_url(exam, attempt, "save"),
                              {"seq": 5, "answers": wrong_answers(attempt)})
        late_submit = post_json(tab_b, attempt_url(exam, attempt, "submit"),
                                {"seq": 6, "answers": wrong_answers(attempt)})
    assert late_save.status_code == 410
    assert late_submit.json() == {"status": "final", "submitted": True, "changed": False,
                                  "result_url": attempt_url(exam, attempt, "result")}
    attempt.refresh_from_db()
    assert attempt.score == Decimal("100.00")


def test_submit_locks_the_attempt_row_on_databases_that_can(trainee):
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    with CaptureQueriesContext(connection) as queries:
        engine.submit_attempt(attempt, now=T0 + minutes(1))
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update:
        assert locking, "submit must lock the attempt with SELECT … FOR UPDATE"
    else:
        assert connection.vendor == "sqlite"  # writers are serialised by the database itself


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submits_on_postgresql_hand_in_once():
    trainee = make_user("exam_trainee_pg")
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0)
    barrier = threading.Barrier(4)
    results = []

    def hand_in():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(engine.submit_attempt(attempt, now=T0 + minutes(1))[1])
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=hand_in) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.answers.count() == len(attempt.questions)
