"""A database outage answers 503 with the portal's own page and a retry,
never a traceback; an exam submit or autosave that failed for that reason
tells the trainee the saved answers are kept and to try again."""
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings

from assessments import attempts as engine
from assessments.models import AttemptStatus
from tests.assessments.exams import T0, at, attempt_url, exam_with, minutes, objective_paper, post_json, right_answers
from tests.factories import make_user

pytestmark = pytest.mark.django_db

REFUSED = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def assert_styled_503(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "系统维护中，请稍后重试" in html and "数据库暂时无法连接" in html
    assert "/static/css/portal.css" in html
    assert "Traceback" not in html and "Connection refused" not in html and "5432" not in html
    assert "<style" not in html and "style=" not in html
    return html


@override_settings(ROOT_URLCONF="tests.portal.urls_failing", DEBUG=False)
def test_a_view_failing_on_the_database_shows_the_503_page_with_a_retry(employee, login):
    response = login(employee).get("/db-down/?page=2")
    html = assert_styled_503(response)
    assert 'href="/db-down/?page=2" data-retry' in html


@override_settings(ROOT_URLCONF="tests.portal.urls_failing", DEBUG=False)
def test_a_script_gets_the_outage_as_json(employee, login):
    response = login(employee).get("/db-down/", headers={"accept": "application/json"})
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "请稍后重试" in response.json()["message"]


@override_settings(DEBUG=False)
def test_the_database_failing_before_the_view_is_a_503_too(employee):
    client = Client(raise_request_exception=False)
    client.force_login(employee)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=InterfaceError("gone")):
        response = client.get("/my/tasks/")
    assert_styled_503(response)


@override_settings(ROOT_URLCONF="tests.portal.urls_failing", DEBUG=False)
def test_other_errors_stay_500(employee):
    client = Client(raise_request_exception=False)
    client.force_login(employee)
    response = client.get("/failing/")
    assert response.status_code == 500
    assert "系统维护中" not in response.content.decode()


# ---- the exam ----------------------------------------------------------------


@pytest.fixture
def started(login):
    trainee = make_user("outage_trainee")
    exam = exam_with(objective_paper())
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0 + minutes(1))
    return exam, attempt, login(trainee)


def test_a_submit_failing_on_the_database_says_the_answers_are_kept(started):
    exam, attempt, client = started
    with at(T0 + minutes(2)), mock.patch("assessments.attempts.submit_attempt", side_effect=REFUSED):
        response = post_json(client, attempt_url(exam, attempt, "submit"), {"seq": 2, "answers": {}})
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "unavailable" and data["retry"] is True
    assert "已保存的答案不会丢失" in data["message"] and "请稍后重试" in data["message"]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.seq == 1

    with at(T0 + minutes(3)):  # the database is back: the retry hands in
        retried = post_json(client, attempt_url(exam, attempt, "submit"), {"seq": 2, "answers": {}})
    assert retried.json()["changed"] is True


def test_a_form_submit_failing_on_the_database_shows_the_page_with_a_way_back(started):
    exam, attempt, client = started
    with at(T0 + minutes(2)), mock.patch("assessments.attempts.submit_attempt", side_effect=REFUSED):
        response = client.post(attempt_url(exam, attempt, "submit"), {"seq": 2})
    html = response.content.decode()
    assert response.status_code == 503
    assert "已保存的答案不会丢失" in html
    assert f'href="{attempt_url(exam, attempt)}"' in html
    assert "Connection refused" not in html


def test_an_autosave_failing_on_the_database_answers_json_503(started):
    exam, attempt, client = started
    with at(T0 + minutes(2)), mock.patch("assessments.attempts.save_answers", side_effect=REFUSED):
        response = post_json(client, attempt_url(exam, attempt, "save"), {"seq": 2, "answers": {}})
    assert response.status_code == 503
    assert "已保存的答案不会丢失" in response.json()["message"]
