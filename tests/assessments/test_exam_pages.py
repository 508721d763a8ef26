"""Exams are Wagtail pages: under the home page's 考试中心, edited in the page
editor, listed for trainees."""
import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from assessments.models import ExamIndexPage, ExamPage
from portal.models import HomePage
from tests.assessments.exams import exam_with, objective_paper
from tests.factories import exam_index, make_user

pytestmark = pytest.mark.django_db


def test_exams_live_in_the_exam_centre_under_the_home_page():
    assert ExamIndexPage in HomePage.allowed_subpage_models()
    assert ExamIndexPage.allowed_subpage_models() == [ExamPage]
    assert ExamPage.allowed_parent_page_models() == [ExamIndexPage]


def test_the_page_editor_opens_for_a_new_exam(login):
    admin = make_user("exam_editor", is_superuser=True, is_staff=True)
    index = exam_index()
    response = login(admin).get(f"/admin/pages/add/assessments/exampage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "paper_questions" in html and "draw_rules" in html and "placement_advanced_from" in html


def test_the_page_editor_saves_an_exam(login):
    admin = make_user("exam_author", is_superuser=True, is_staff=True)
    index = exam_index()
    question = objective_paper()[0]
    data = nested_form_data({
        "title": "电气基础测验", "slug": "electrical-quiz", "intro": rich_text(""),
        "paper_mode": "fixed", "shuffle_questions": "on", "shuffle_options": "on",
        "time_limit_minutes": "30", "attempts_allowed": "1", "retakes_allowed": "1", "pass_mark": "80",
        "review_marks": "after_submit", "review_answers": "after_close", "purpose": "quiz",
        "placement_intermediate_from": "60", "placement_advanced_from": "80",
        "paper_questions": inline_formset([{"question": str(question.pk), "points": ""}]),
        "draw_rules": inline_formset([]),
        "action-publish": "publish",
    })
    response = login(admin).post(f"/admin/pages/add/assessments/exampage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    exam = ExamPage.objects.get(slug="electrical-quiz")
    assert exam.live and [row.question_id for row in exam.paper_questions.all()] == [question.pk]


def test_the_exam_centre_lists_live_exams(login):
    exam = exam_with(objective_paper(), title="摸底考试（售后）", is_placement=True)
    html = login(make_user("exam_reader")).get(exam_index().url).content.decode()
    assert "摸底考试（售后）" in html and exam.url in html


def test_attempts_and_placement_results_are_read_only_in_the_admin(login):
    from assessments import attempts as engine
    from tests.assessments.exams import T0

    admin = make_user("exam_auditor", is_superuser=True, is_staff=True)
    exam = exam_with(objective_paper(), is_placement=True)
    attempt = engine.start_attempt(exam, make_user("audited_trainee"), now=T0)
    engine.submit_attempt(attempt, now=T0)
    client = login(admin)
    assert "audited_trainee" in client.get("/admin/snippets/assessments/examattempt/").content.decode()
    assert client.get(f"/admin/snippets/assessments/examattempt/inspect/{attempt.pk}/").status_code == 200
    assert client.get("/admin/snippets/assessments/placementresult/").status_code == 200
    assert client.get(f"/admin/snippets/assessments/examattempt/edit/{attempt.pk}/").status_code in (302, 403)
    assert client.get("/admin/snippets/assessments/examattempt/add/").status_code in (302, 403)
