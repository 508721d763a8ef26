"""A 50-question paper costs a fixed number of SQL statements to autosave and
to hand in: the answers go in as one upsert per batch, not a savepoint, a
select and a write per answer."""
import pytest

from assessments import attempts as engine
from assessments.models import AttemptStatus, ExamAnswer
from tests.assessments.exams import T0, at, attempt_url, exam_with, minutes, post_json, right_answers
from tests.factories import make_question, make_user

pytestmark = pytest.mark.django_db

ANSWERS = 50


@pytest.fixture
def big_exam(db):
    questions = [make_question("single", text=f"单选第{n}题", options=[f"对{n}", f"错{n}"], correct=f"对{n}")
                 for n in range(ANSWERS)]
    return exam_with(questions)


def test_fifty_answers_autosave_and_submit_in_a_fixed_number_of_statements(
    big_exam, login, django_assert_max_num_queries
):
    trainee = make_user("many_answers")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    client = login(trainee)
    answers = right_answers(attempt)
    with at(T0 + minutes(1)):
        with django_assert_max_num_queries(20, info="autosave of 50 answers"):
            saved = post_json(client, attempt_url(big_exam, attempt, "save"), {"seq": 1, "answers": answers})
        assert saved.status_code == 200
        with django_assert_max_num_queries(28, info="submit of 50 answers"):
            submitted = post_json(client, attempt_url(big_exam, attempt, "submit"), {"seq": 2, "answers": answers})
    assert submitted.json()["changed"] is True
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL and attempt.score == 100
    assert ExamAnswer.objects.filter(attempt=attempt, seq=2, points=1).count() == ANSWERS


def test_upsert_keeps_older_answers_and_scores_the_unanswered(big_exam):
    trainee = make_user("some_answers")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    right = right_answers(attempt)
    engine.save_answers(attempt, {"q1": right["q1"], "q2": right["q2"]}, 1, now=T0 + minutes(1))
    engine.save_answers(attempt, {"q2": None, "q3": right["q3"]}, 2, now=T0 + minutes(2))
    attempt, changed = engine.submit_attempt(attempt, now=T0 + minutes(3))
    rows = {a.key: a for a in attempt.answers.all()}
    assert len(rows) == ANSWERS  # every question has its row, answered or not
    assert (rows["q1"].seq, rows["q1"].response, rows["q1"].points) == (1, right["q1"], 1)
    assert (rows["q2"].seq, rows["q2"].response, rows["q2"].points) == (2, None, 0)
    assert (rows["q3"].seq, rows["q3"].points) == (2, 1)
    assert (rows["q50"].seq, rows["q50"].saved_at, rows["q50"].points) == (0, None, 0)
    assert attempt.points == 2 and changed


def test_the_engine_hands_in_fifty_answers_in_at_most_fifteen_statements(big_exam, django_assert_max_num_queries):
    """Lock, last save (one upsert), close (one read, one upsert), final
    score, and what a final score sets off."""
    trainee = make_user("engine_submit")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0 + minutes(1))
    with django_assert_max_num_queries(15):
        attempt, changed = engine.submit_attempt(attempt, answers=right_answers(attempt), seq=2, now=T0 + minutes(2))
    assert changed and attempt.score == 100
