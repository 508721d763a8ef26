"""On PostgreSQL, submits and autosaves of one attempt racing each other:
one submission, and every autosave the trainee was told was saved is in the
handed-in paper with its points (none lost between the submit's read of the
answers and its upsert)."""
import threading

import pytest
from django.db import connection

from assessments import attempts as engine
from assessments.models import AttemptStatus, ExamAttempt
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers
from tests.factories import make_question, make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(*jobs):
    """Run ``jobs`` in threads released together; their results or exceptions, in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            results[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_submits_racing_autosaves_hand_in_once_and_keep_every_acknowledged_answer():
    trainee = make_user("race_trainee")
    exam = exam_with([make_question("single", text=f"竞争第{n}题", options=[f"对{n}", f"错{n}"], correct=f"对{n}")
                      for n in range(8)])
    attempt = engine.start_attempt(exam, trainee, now=T0)
    right = right_answers(attempt)
    keys = list(right)
    now = T0 + minutes(1)

    def autosave(seq):
        return lambda: engine.save_answers(attempt.pk, {keys[seq]: right[keys[seq]]}, seq, now=now,
                                           exam=exam, user=trainee)

    def submit(seq):
        return lambda: engine.submit_attempt(attempt.pk, answers={keys[seq]: right[keys[seq]]}, seq=seq, now=now,
                                             exam=exam, user=trainee)

    results = _race(autosave(1), autosave(2), autosave(3), submit(4), submit(5), submit(6))
    submits = results[3:]
    assert all(isinstance(r, tuple) for r in submits), submits
    assert sorted(changed for _attempt, changed in submits) == [False, False, True]
    attempt = ExamAttempt.objects.get(pk=attempt.pk)
    assert attempt.status == AttemptStatus.FINAL
    rows = {a.key: a for a in attempt.answers.all()}
    assert len(rows) == len(keys)  # every question has its row, once
    for seq, outcome in enumerate(results[:3], start=1):
        if isinstance(outcome, Exception):
            assert isinstance(outcome, engine.AttemptClosed | engine.StaleSave), outcome
        else:  # acknowledged: it is in the handed-in paper and scored
            assert rows[keys[seq]].response == right[keys[seq]] and rows[keys[seq]].points == 1
    assert attempt.points == sum(a.points for a in rows.values())


def test_another_persons_submit_finds_no_attempt_and_changes_nothing():
    owner, other = make_user("race_owner"), make_user("race_other")
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, owner, now=T0)
    results = _race(lambda: engine.submit_attempt(attempt.pk, now=T0 + minutes(1), exam=exam, user=other),
                    lambda: engine.save_answers(attempt.pk, {}, 1, now=T0 + minutes(1), exam=exam, user=other))
    assert all(isinstance(r, ExamAttempt.DoesNotExist) for r in results), results
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.seq == 0
