"""The embedded default (a SQLite file) serves a training room: twenty
browsers handing in the same attempt at once all get an answer, none a
"database is locked" error, and the attempt is handed in exactly once."""
import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from assessments import attempts as engine
from assessments.models import AttemptStatus
from tests.assessments.exams import T0, at, attempt_url, exam_with, minutes, objective_paper, post_json, right_answers
from tests.factories import make_user

PARALLEL = 20

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded SQLite default"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _copy_to_file(path):
    """The test database (in memory) copied into a file, as `make run` has it."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()


def _use_file(path):
    """Point this thread's default connection at ``path``, with the
    project's own connection options (busy timeout, transaction mode)."""
    settings_dict = {**connections.settings["default"], "NAME": str(path)}
    wrapper = connections["default"].__class__(settings_dict, alias="default")
    connections["default"] = wrapper
    return wrapper


def test_the_project_sets_a_busy_timeout_and_immediate_transactions():
    options = connections.settings["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_twenty_parallel_submits_of_one_attempt_on_a_sqlite_file(tmp_path):
    trainee = make_user("room_trainee")
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0 + minutes(1))
    url = attempt_url(exam, attempt, "submit")
    path = tmp_path / "room.sqlite3"
    _copy_to_file(path)

    barrier = threading.Barrier(PARALLEL)
    outcomes, errors = [], []

    def hand_in():
        wrapper = _use_file(path)
        try:
            client = Client()
            client.force_login(trainee)
            barrier.wait(timeout=60)
            response = post_json(client, url, {"seq": 2, "answers": {}})
            if response.status_code != 200:
                errors.append(response.status_code)
            else:
                outcomes.append(response.json()["changed"])
        except Exception as error:  # a "database is locked" surfaces here
            errors.append(repr(error))
        finally:
            wrapper.close()

    with at(T0 + minutes(2)):
        threads = [threading.Thread(target=hand_in) for _ in range(PARALLEL)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert sorted(outcomes) == [False] * (PARALLEL - 1) + [True]
    database = sqlite3.connect(path)
    try:
        rows = database.execute(
            "SELECT status, submitted_at IS NOT NULL FROM assessments_examattempt WHERE user_id = ?",
            (trainee.pk,)).fetchall()
        answers = database.execute("SELECT COUNT(*) FROM assessments_examanswer WHERE attempt_id = ?",
                                   (attempt.pk,)).fetchone()[0]
    finally:
        database.close()
    assert rows == [(AttemptStatus.FINAL, 1)]
    assert answers == len(attempt.questions)
