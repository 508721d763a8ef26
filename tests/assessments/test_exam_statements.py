"""A 50-question paper costs a fixed number of SQL statements to autosave and
to hand in: the answers go in as one upsert per batch, not a savepoint, a
select and a write per answer."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import attempts as engine
from assessments.models import AttemptStatus, ExamAnswer
from tests.assessments.exams import T0, at, attempt_url, exam_with, minutes, post_json, right_answers
from tests.factories import make_question, make_user

#: Statements of one autosave request through the portal's middleware and
#: Wagtail's routing: session, user, site, the page route (five), the page's
#: view restrictions (two, read once for Wagtail's check and the exam's),
#: then the transaction with the locked read of the attempt, one upsert, one
#: update. With production settings on PostgreSQL that is 15
#: (bench/exam_queries.py); the test client's login costs one more. The
#: page's script posts to plain URLs instead, in fewer statements
#: (test_exam_script_urls.py); these routes stay for the form without script.
AUTOSAVE_STATEMENTS = 16
#: A submit: as an autosave up to the lock, then one read of the saved
#: answers, one upsert (last save and points), one update of the attempt,
#: and what a final score sets off (the courses that end with the exam):
#: 17 with production settings, one more under the test client's login.
SUBMIT_STATEMENTS = 18

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
        with django_assert_max_num_queries(AUTOSAVE_STATEMENTS, info="autosave of 50 answers"):
            saved = post_json(client, attempt_url(big_exam, attempt, "save"), {"seq": 1, "answers": answers})
        assert saved.status_code == 200
        with django_assert_max_num_queries(SUBMIT_STATEMENTS, info="submit of 50 answers"):
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


def test_the_engine_hands_in_fifty_answers_in_at_most_seven_statements(big_exam, django_assert_max_num_queries):
    """Lock, one read of the saved answers, one upsert (the last save and
    every question's points), one update of the attempt (closed and final),
    what a final score sets off (the courses ending with the exam), and the
    transaction's begin and end where the database reports them."""
    trainee = make_user("engine_submit")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0 + minutes(1))
    with django_assert_max_num_queries(7):
        attempt, changed = engine.submit_attempt(attempt, answers=right_answers(attempt), seq=2, now=T0 + minutes(2))
    assert changed and attempt.score == 100


def _statements(client, url, data):
    """The response to posting ``data`` as JSON and the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = post_json(client, url, data)
    return response, [q["sql"] for q in captured.captured_queries]


def test_an_autosave_costs_the_same_statements_for_one_answer_or_fifty(big_exam, login):
    trainee = make_user("autosave_counts")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    client = login(trainee)
    answers = right_answers(attempt)
    url = attempt_url(big_exam, attempt, "save")
    with at(T0 + minutes(1)):
        one, one_sql = _statements(client, url, {"seq": 1, "answers": {"q1": answers["q1"]}})
        fifty, fifty_sql = _statements(client, url, {"seq": 2, "answers": answers})
    assert one.status_code == fifty.status_code == 200
    assert len(one_sql) == len(fifty_sql) <= AUTOSAVE_STATEMENTS
    writes = [sql for sql in fifty_sql if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 2, writes  # the answers' upsert and the attempt's update
    # At most the transaction's own savepoint (inside the test's), none per answer.
    assert len([sql for sql in fifty_sql if sql.lstrip().upper().startswith("SAVEPOINT")]) <= 1
    assert ExamAnswer.objects.filter(attempt=attempt, seq=2).count() == ANSWERS


def test_a_submit_of_five_answers_costs_what_a_submit_of_fifty_costs(big_exam, login):
    counts = {}
    for carried in (5, 50):
        trainee = make_user(f"submit_counts_{carried}")
        attempt = engine.start_attempt(big_exam, trainee, now=T0)
        client = login(trainee)
        answers = dict(list(right_answers(attempt).items())[:carried])
        with at(T0 + minutes(2)):
            response, sql = _statements(client, attempt_url(big_exam, attempt, "submit"), {"seq": 1, "answers": answers})
        assert response.json()["changed"] is True
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.FINAL and attempt.points == carried
        counts[carried] = len(sql)
    assert counts[5] == counts[50] <= SUBMIT_STATEMENTS


def test_a_second_submit_only_reads(big_exam, login):
    trainee = make_user("second_submit_counts")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    client = login(trainee)
    url = attempt_url(big_exam, attempt, "submit")
    with at(T0 + minutes(2)):
        post_json(client, url, {"seq": 1, "answers": right_answers(attempt)})
        again, sql = _statements(client, url, {"seq": 2, "answers": right_answers(attempt)})
    assert again.json()["changed"] is False
    assert not [q for q in sql if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
