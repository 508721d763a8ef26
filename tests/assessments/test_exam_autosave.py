"""Answers autosave and survive a reload; a stale or repeated save can never
overwrite newer answers; an attempt belongs to the person who started it."""
import pytest

from assessments import attempts as engine
from assessments.models import ExamAttempt
from tests.assessments.exams import (
    T0,
    at,
    attempt_url,
    by_type,
    exam_with,
    minutes,
    post_json,
    right_answers,
    wrong_answers,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee():
    return make_user("autosave_trainee")


@pytest.fixture
def started(trainee, login):
    exam = exam_with()
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    return exam, client, ExamAttempt.objects.get(user=trainee)


def test_saved_answers_come_back_when_the_page_is_reloaded(started):
    exam, client, attempt = started
    answers = right_answers(attempt, short="先断电，再验电")
    with at(T0 + minutes(3)):
        saved = post_json(client, attempt_url(exam, attempt, "save"), {"seq": 1, "answers": answers})
        assert saved.status_code == 200
        assert saved.json()["status"] == "saved" and saved.json()["seq"] == 1
        html = client.get(attempt_url(exam, attempt)).content.decode()
    q = by_type(attempt)
    single_key = answers[q["single"]["key"]]
    assert f'value="{single_key}" checked' in html
    for key in answers[q["multiple"]["key"]]:
        assert f'value="{key}" checked' in html
    assert f'name="answer-{q["true_false"]["key"]}" value="true" checked' in html
    assert f'value="{answers[q["fill_in"]["key"]]}"' in html
    assert "先断电，再验电</textarea>" in html
    assert 'name="seq" value="2"' in html


def test_a_save_may_carry_one_question_and_keeps_the_others(started):
    exam, client, attempt = started
    answers = right_answers(attempt)
    fill, single = by_type(attempt)["fill_in"]["key"], by_type(attempt)["single"]["key"]
    with at(T0 + minutes(1)):
        post_json(client, attempt_url(exam, attempt, "save"), {"seq": 1, "answers": answers})
        second = post_json(client, attempt_url(exam, attempt, "save"), {"seq": 2, "answers": {fill: "新答案"}})
    assert second.status_code == 200
    saved = engine.saved_responses(attempt)
    assert saved[fill] == "新答案"
    assert saved[single] == answers[single]


def test_a_stale_save_is_refused_and_changes_nothing(started):
    exam, client, attempt = started
    newer, older = right_answers(attempt), wrong_answers(attempt)
    with at(T0 + minutes(2)):
        assert post_json(client, attempt_url(exam, attempt, "save"), {"seq": 5, "answers": newer}).status_code == 200
        stale = post_json(client, attempt_url(exam, attempt, "save"), {"seq": 4, "answers": older})
    assert stale.status_code == 409
    assert stale.json()["status"] == "stale" and stale.json()["seq"] == 5
    attempt.refresh_from_db()
    assert attempt.seq == 5
    assert engine.saved_responses(attempt) == {k: v for k, v in newer.items()}


def test_a_repeated_save_with_the_same_number_is_refused(started):
    exam, client, attempt = started
    first = right_answers(attempt)
    with at(T0 + minutes(2)):
        post_json(client, attempt_url(exam, attempt, "save"), {"seq": 1, "answers": first})
        repeat = post_json(client, attempt_url(exam, attempt, "save"),
                           {"seq": 1, "answers": wrong_answers(attempt)})
    assert repeat.status_code == 409
    assert engine.saved_responses(attempt) == first


def test_answers_that_are_not_on_the_paper_are_refused(started):
    exam, client, attempt = started
    single = by_type(attempt)["single"]
    with at(T0 + minutes(1)):
        unknown_key = post_json(client, attempt_url(exam, attempt, "save"), {"seq": 1, "answers": {"q99": "x"}})
        unknown_option = post_json(client, attempt_url(exam, attempt, "save"),
                                   {"seq": 2, "answers": {single["key"]: "o-not-an-option"}})
        no_seq = post_json(client, attempt_url(exam, attempt, "save"), {"answers": {}})
        not_json = client.post(attempt_url(exam, attempt, "save"), data="{", content_type="application/json")
    assert [r.status_code for r in (unknown_key, unknown_option, no_seq, not_json)] == [400, 400, 400, 400]
    attempt.refresh_from_db()
    assert attempt.seq == 0 and not attempt.answers.exists()


def test_someone_elses_attempt_cannot_be_opened_or_saved(started, login):
    exam, _client, attempt = started
    intruder = login(make_user("autosave_intruder"))
    with at(T0 + minutes(1)):
        assert intruder.get(attempt_url(exam, attempt)).status_code == 404
        assert post_json(intruder, attempt_url(exam, attempt, "save"),
                         {"seq": 1, "answers": right_answers(attempt)}).status_code == 404
        assert intruder.post(attempt_url(exam, attempt, "submit")).status_code == 404
        assert intruder.get(attempt_url(exam, attempt, "result")).status_code == 404
    attempt.refresh_from_db()
    assert attempt.seq == 0 and attempt.is_in_progress


def test_the_exam_needs_a_login(started, client):
    exam, _client, attempt = started
    for url in (exam.url, attempt_url(exam, attempt), attempt_url(exam, attempt, "result")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"{exam.url}start/").status_code == 302
    assert ExamAttempt.objects.count() == 1


def test_starting_again_resumes_the_attempt_in_progress(started):
    exam, client, attempt = started
    with at(T0 + minutes(5)):
        response = client.post(f"{exam.url}start/")
        overview = client.get(exam.url).content.decode()
    assert response["Location"] == attempt_url(exam, attempt)
    assert ExamAttempt.objects.count() == 1
    assert 'id="resume-exam"' in overview
