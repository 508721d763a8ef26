"""A written exam in a real browser: answers autosave (the status line says
so), survive a reload, and the exam is handed in once."""
import pathlib

import pytest

from assessments.models import AttemptStatus, ExamAttempt
from tests.assessments.exams import RIGHT_SINGLE, exam_with, objective_paper
from tests.factories import make_user

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "artifacts"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_trainee_answers_reloads_and_hands_in(page_as):
    exam = exam_with(objective_paper(), review_marks="after_submit", time_limit_minutes=30)
    trainee = make_user("e2e_exam_trainee")
    page = page_as(trainee)
    posted = []
    page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)

    page.goto(exam.url)
    page.get_by_role("button", name="开始考试").click()
    page.get_by_text("剩余时间").wait_for()
    assert page.locator("#exam-remaining").inner_text().startswith(("30:00", "29:5"))
    page.get_by_label(RIGHT_SINGLE).check()
    page.locator("input[type=text]").fill("接地保护FLQ")
    page.locator("#exam-save-status", has_text="已保存").wait_for()
    # The paper's header: no menu to wander off through, no badges; who is taking it.
    header = page.locator(".site-header")
    assert header.get_by_text("考试进行中").is_visible() and header.get_by_role("navigation").count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "exam-paper.png"))
    attempt = ExamAttempt.objects.get(user=trainee)
    assert attempt.seq >= 1

    page.reload()
    assert page.get_by_label(RIGHT_SINGLE).is_checked()
    assert page.locator("input[type=text]").input_value() == "接地保护FLQ"

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    page.locator("#exam-score").wait_for()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    # The script autosaved and handed in on its plain URLs, not through the page's routes.
    script = f"/my/exams/{exam.pk}/attempts/{attempt.pk}/"
    assert any(url.endswith(script + "save/") for url in posted), posted
    assert any(url.endswith(script + "submit/") for url in posted), posted
    assert attempt.score == 50  # the single choice and the fill-in of four one-point questions
