"""The paper's script autosaves and hands in on plain URLs
(``practical:exam_save`` / ``practical:exam_submit``, outside Wagtail's
routing), in fewer statements than the page's routes, with the same rules:
only the requester's own attempt of that exam, a published exam, the exam's
privacy settings (its own and its ancestors'), the customer trainee's scope,
the login, the sequence numbers and the exactly-once submit."""
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from assessments import attempts as engine
from assessments.models import AttemptStatus, ExamAnswer, ExamAttempt
from lms.models import Enrolment, EnrolmentSource
from tests.assessments.exams import T0, at, attempt_url, exam_with, minutes, post_json, right_answers
from tests.factories import make_question, make_user
from tests.lms.builders import make_course
from tests.lms.customer_builders import make_organisation, make_trainee

pytestmark = pytest.mark.django_db

#: One autosave on the script's URL under the test client: the session, the
#: user, then the transaction (a savepoint inside the test's) with the locked
#: read of the attempt (which also says whether the exam has view
#: restrictions), one upsert and one update. 15 statements on the page's
#: route (6 of them Wagtail's routing); 6 with production settings and Redis
#: (bench/exam_queries.py: no session read, BEGIN/COMMIT for the savepoint).
SCRIPT_AUTOSAVE_STATEMENTS = 7
#: A submit: as an autosave up to the lock, then one read of the saved
#: answers, one upsert, one update of the attempt, and what a final score
#: sets off (the courses that end with the exam). 17 on the page's route.
SCRIPT_SUBMIT_STATEMENTS = 9

ANSWERS = 50
CONFIG = re.compile(r'<script id="exam-config" type="application/json">(.*?)</script>', re.S)


def script_url(attempt, action):
    return reverse(f"practical:exam_{action}", kwargs={"exam_id": attempt.exam_id, "attempt_id": attempt.pk})


@pytest.fixture
def big_exam(db):
    questions = [make_question("single", text=f"单选第{n}题", options=[f"对{n}", f"错{n}"], correct=f"对{n}")
                 for n in range(ANSWERS)]
    return exam_with(questions)


@pytest.fixture
def taking(big_exam, login):
    trainee = make_user("script_trainee")
    attempt = engine.start_attempt(big_exam, trainee, now=T0)
    return big_exam, login(trainee), attempt


def test_the_paper_gives_its_script_the_plain_urls_and_its_form_the_page_route(taking):
    exam, client, attempt = taking
    with at(T0 + minutes(1)):
        html = client.get(attempt_url(exam, attempt)).content.decode()
    config = json.loads(CONFIG.search(html).group(1))
    assert config["save"] == script_url(attempt, "save") == f"/my/exams/{exam.pk}/attempts/{attempt.pk}/save/"
    assert config["submit"] == script_url(attempt, "submit")
    assert config["result"] == attempt_url(exam, attempt, "result")
    # Without the script the form still hands in through the page.
    assert f'action="{attempt_url(exam, attempt, "submit")}"' in html


def test_autosave_and_submit_on_the_script_urls_in_a_fixed_number_of_statements(
    taking, django_assert_max_num_queries
):
    exam, client, attempt = taking
    answers = right_answers(attempt)
    with at(T0 + minutes(1)):
        with django_assert_max_num_queries(SCRIPT_AUTOSAVE_STATEMENTS, info="autosave of one answer"):
            one = post_json(client, script_url(attempt, "save"), {"seq": 1, "answers": {"q1": answers["q1"]}})
        with django_assert_max_num_queries(SCRIPT_AUTOSAVE_STATEMENTS, info="autosave of 50 answers"):
            fifty = post_json(client, script_url(attempt, "save"), {"seq": 2, "answers": answers})
        stale = post_json(client, script_url(attempt, "save"), {"seq": 2, "answers": {"q1": None}})
        with django_assert_max_num_queries(SCRIPT_SUBMIT_STATEMENTS, info="submit of 50 answers"):
            submitted = post_json(client, script_url(attempt, "submit"), {"seq": 3, "answers": answers})
        again = post_json(client, script_url(attempt, "submit"), {"seq": 4})
        late = post_json(client, script_url(attempt, "save"), {"seq": 5, "answers": {"q1": None}})
    assert (one.status_code, one.json()["seq"], fifty.status_code, fifty.json()["seq"]) == (200, 1, 200, 2)
    assert stale.status_code == 409 and stale.json()["seq"] == 2
    assert submitted.json() == {"status": "final", "submitted": True, "changed": True,
                                "result_url": attempt_url(exam, attempt, "result")}
    assert again.json()["changed"] is False
    assert late.status_code == 410 and late.json()["result_url"] == attempt_url(exam, attempt, "result")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL and attempt.score == 100
    assert ExamAnswer.objects.filter(attempt=attempt, seq=3, points=1).count() == ANSWERS
    assert ExamAttempt.objects.filter(exam=exam).count() == 1


def test_only_the_requesters_own_attempt_of_that_exam_is_found(taking, login):
    exam, _client, attempt = taking
    intruder = login(make_user("script_intruder"))
    other_exam = exam_with([make_question("single")], title="另一场考试")
    wrong_exam = reverse("practical:exam_save", kwargs={"exam_id": other_exam.pk, "attempt_id": attempt.pk})
    with at(T0 + minutes(1)):
        assert post_json(intruder, script_url(attempt, "save"), {"seq": 1, "answers": {}}).status_code == 404
        assert post_json(intruder, script_url(attempt, "submit"), {"seq": 1}).status_code == 404
        assert post_json(taking[1], wrong_exam, {"seq": 1, "answers": {}}).status_code == 404
        assert taking[1].get(script_url(attempt, "save")).status_code == 405
    attempt.refresh_from_db()
    assert attempt.seq == 0 and attempt.is_in_progress


def test_an_unpublished_exam_takes_no_more_answers(taking):
    exam, client, attempt = taking
    exam.unpublish()
    with at(T0 + minutes(1)):
        assert post_json(client, script_url(attempt, "save"), {"seq": 1, "answers": {}}).status_code == 404
        assert post_json(client, script_url(attempt, "submit"), {"seq": 1}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.seq == 0 and attempt.is_in_progress


@pytest.mark.parametrize("on", ["exam", "parent"])
def test_the_exams_privacy_settings_hold_on_the_script_urls(taking, login, on):
    exam, client, attempt = taking
    board = Group.objects.create(name=f"考试组-{on}")
    page = exam if on == "exam" else exam.get_parent()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS).groups.add(board)
    answers = right_answers(attempt)
    with at(T0 + minutes(1)):
        refused = post_json(client, script_url(attempt, "save"), {"seq": 1, "answers": answers})
        refused_submit = post_json(client, script_url(attempt, "submit"), {"seq": 1, "answers": answers})
        assert refused.status_code == refused_submit.status_code == 403
        attempt.refresh_from_db()
        assert attempt.seq == 0 and attempt.is_in_progress and not attempt.answers.exists()
        attempt.user.groups.add(board)
        member = login(attempt.user)
        assert post_json(member, script_url(attempt, "save"), {"seq": 1, "answers": answers}).status_code == 200


def test_the_script_urls_need_a_login(taking, client):
    _exam, _client, attempt = taking
    response = post_json(client, script_url(attempt, "save"), {"seq": 1, "answers": {}})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_customer_trainee_saves_only_in_their_own_courses_exam(login):
    exam, other_exam = exam_with([make_question("single")]), exam_with([make_question("single")], title="他课测验")
    course = make_course("客户设备操作培训", auto_enrol=False)
    course.exam = exam
    course.save_revision().publish()
    me = make_trainee(make_organisation("华东精密机械有限公司"), "script_customer")
    Enrolment.objects.create(user=me, course=course, source=EnrolmentSource.ASSIGNED)
    mine, theirs = engine.start_attempt(exam, me, now=T0), engine.start_attempt(other_exam, me, now=T0)
    client = login(me)
    with at(T0 + minutes(1)):
        ok = post_json(client, script_url(mine, "save"), {"seq": 1, "answers": right_answers(mine)})
        refused = post_json(client, script_url(theirs, "save"), {"seq": 1, "answers": right_answers(theirs)})
    assert (ok.status_code, refused.status_code) == (200, 404)
    theirs.refresh_from_db()
    assert theirs.seq == 0


def test_a_save_after_the_deadline_on_the_script_url_closes_the_attempt_with_what_was_saved(login):
    exam = exam_with([make_question("single", options=["对", "错"], correct="对")], time_limit_minutes=30)
    trainee = make_user("script_late")
    attempt = engine.start_attempt(exam, trainee, now=T0)
    client = login(trainee)
    right = right_answers(attempt)
    with at(T0 + minutes(10)):
        assert post_json(client, script_url(attempt, "save"), {"seq": 1, "answers": right}).status_code == 200
    with at(T0 + minutes(31)):
        late = post_json(client, script_url(attempt, "save"), {"seq": 2, "answers": {"q1": None}})
    assert late.status_code == 410 and late.json()["result_url"] == attempt_url(exam, attempt, "result")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.close_reason, attempt.score) == (AttemptStatus.FINAL, "timed_out", 100)


def test_an_autosave_keeps_the_writers_cached_badges_and_a_submit_forgets_them(taking, settings, monkeypatch):
    exam, client, attempt = taking
    settings.PORTAL_BADGE_CACHE_SECONDS = 30
    forgotten = []
    monkeypatch.setattr("portal.middleware.forget_badges", lambda user_pk: forgotten.append(user_pk))
    answers = right_answers(attempt)
    with at(T0 + minutes(1)):
        assert post_json(client, script_url(attempt, "save"), {"seq": 1, "answers": answers}).status_code == 200
        assert forgotten == []  # an autosave changes no one's 待办: no cache round trip
        assert post_json(client, script_url(attempt, "submit"), {"seq": 2, "answers": answers}).status_code == 200
    assert forgotten == [attempt.user_id]  # handing in may close a task: counted again on the next page


def test_the_paper_shows_no_menu_and_counts_no_badges(taking, monkeypatch):
    exam, client, attempt = taking
    counted = []
    import portal.context_processors as processors

    real = processors.count_badges
    monkeypatch.setattr(processors, "count_badges", lambda user: counted.append(user.pk) or real(user))
    with at(T0 + minutes(1)):
        paper = client.get(attempt_url(exam, attempt)).content.decode()
        assert counted == []  # the header's badges are not counted while the paper is open
        assert "考试进行中" in paper and 'class="main-nav"' not in paper
        overview = client.get(exam.url).content.decode()
    assert 'class="main-nav"' in overview and counted == [attempt.user_id]
