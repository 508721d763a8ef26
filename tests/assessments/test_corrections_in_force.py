"""A correction 成绩更正 is the score in force everywhere a written score is
read: the grade proposal (and so, once HR confirms it, the roster and the
payroll API), the retake rule, trainer accountability, the placement result,
the trainee's own pages and the admin's attempt list. The original score
stays in the record; the history shows it and every correction after it,
with who, when and why."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from assessments import attempts as engine
from assessments import corrections
from assessments.accountability import written_outcomes
from assessments.models import ExamAttempt, GradeDecision, PlacementResult
from tests.assessments.exams import T0, attempt_url, exam_with, minutes, right_answers
from tests.factories import make_practical_exam, make_qualification, make_user, score_all

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def marker():
    user = make_user("cf_marker", first_name="阅卷", last_name="周")
    user.user_permissions.add(Permission.objects.get(codename="mark_examanswer"))
    return user


def short_answer(attempt):
    key = next(q["key"] for q in attempt.questions if q["type"] == "short_answer")
    return attempt.answers.get(key=key)


def sit_and_mark(exam, trainee, marker, points="1", at=T0):
    """Every objective answer right, the short answer (2 points) marked
    ``points``: 83.33 with one point, of a six-point paper."""
    attempt = engine.start_attempt(exam, trainee, now=at)
    engine.save_answers(attempt, right_answers(attempt, short="先断电"), 1, now=at + minutes(5))
    attempt, _ = engine.submit_attempt(attempt, now=at + minutes(10))
    engine.mark_answer(short_answer(attempt), points, marker, now=at + minutes(30))
    return ExamAttempt.objects.get(pk=attempt.pk)


def test_a_correction_proposes_the_grade_again_on_the_corrected_written_score(marker):
    trainee = make_user("cf_graded")
    make_qualification(trainee, education="bachelor", product_series=3, years_experience=3)
    attempt = sit_and_mark(exam_with(purpose="grading"), trainee, marker)
    practical = make_practical_exam(trainee=trainee)
    score_all(practical, [95] * practical.examiners.count())
    first = GradeDecision.objects.get(person=trainee)
    assert first.written_score == D("83.33")

    corrections.correct_mark(short_answer(attempt), "2", by=marker, reason="复核：步骤完整", now=T0 + minutes(90))

    assert engine.grading_written_score(trainee) == D("100.00")
    latest = GradeDecision.objects.filter(person=trainee).order_by("-pk").first()
    assert latest.pk != first.pk and latest.written_score == D("100.00")
    first.refresh_from_db()
    assert first.written_score == D("83.33")  # the earlier proposal is kept as it was


def test_a_corrected_pass_counts_for_the_retake_rule_and_trainer_accountability(marker):
    trainee = make_user("cf_pass")
    exam = exam_with(purpose="grading", pass_mark=90, subject="CNC-850 数控车床", retakes_allowed=1)
    attempt = sit_and_mark(exam, trainee, marker)
    assert attempt.passed is False
    trainer = make_user("cf_trainer")
    make_practical_exam(trainee=trainee, trainer=trainer, machine_model="CNC-850 数控车床")
    outcomes, _ = written_outcomes()
    assert [o.passed for o in outcomes] == [False]

    corrections.correct_mark(short_answer(attempt), "2", by=marker, reason="复核：应得满分", now=T0 + minutes(90))

    outcomes, _ = written_outcomes()
    assert [o.passed for o in outcomes] == [True]
    previous = list(ExamAttempt.objects.filter(exam=exam, user=trainee).with_effective_result())
    refusal, _retake = engine.start_refusal(exam, previous, T0 + minutes(120))
    assert refusal == "您已通过本次考试。"


def test_a_corrected_placement_score_places_the_trainee_again(marker):
    trainee = make_user("cf_placed")
    attempt = sit_and_mark(exam_with(purpose="placement"), trainee, marker, points="0")
    before = PlacementResult.objects.get(attempt=attempt)
    assert before.written_score == D("66.67")

    corrections.correct_mark(short_answer(attempt), "2", by=marker, reason="复核：漏判", now=T0 + minutes(90))

    after = PlacementResult.objects.get(attempt=attempt)
    assert after.written_score == D("100.00") and after.score == D("100.00")


def test_the_trainee_sees_the_corrected_score_and_its_history(marker, login):
    trainee = make_user("cf_reader")
    exam = exam_with(purpose="grading", pass_mark=90)
    attempt = sit_and_mark(exam, trainee, marker)
    corrections.correct_mark(short_answer(attempt), "2", by=marker, reason="复核理由QXZ", now=T0 + minutes(90))
    client = login(trainee)

    html = client.get(attempt_url(exam, attempt, "result")).content.decode()
    assert "成绩：100.00 分" in html and "83.33 → 100.00" in html
    assert "复核理由QXZ" in html and "周阅卷" in html and "原始成绩" in html
    assert "得 2.00 分" in html  # the re-marked answer shows its corrected points

    overview = client.get(exam.url).content.decode()
    assert "100.00" in overview and "83.33" not in overview


def test_the_admins_attempt_list_and_record_show_the_score_in_force(marker, login, django_assert_max_num_queries):
    exam = exam_with(purpose="grading")
    for n in range(3):
        attempt = sit_and_mark(exam, make_user(f"cf_row{n}"), marker)
        corrections.correct_mark(short_answer(attempt), "2", by=marker, reason=f"复核{n}", now=T0 + minutes(90))
    client = login(make_user("cf_admin", is_superuser=True, is_staff=True))
    client.get("/admin/snippets/assessments/examattempt/")  # warm caches
    with django_assert_max_num_queries(40):
        html = client.get("/admin/snippets/assessments/examattempt/").content.decode()
    assert html.count("100.00") >= 3 and "83.33" not in html

    record = client.get(f"/admin/snippets/assessments/examattempt/inspect/{attempt.pk}/").content.decode()
    assert "原始成绩：83.33" in record and "周阅卷 更正：83.33 → 100.00" in record and "复核2" in record


def test_without_corrections_the_attempts_own_score_is_in_force(marker):
    attempt = sit_and_mark(exam_with(purpose="grading"), make_user("cf_plain"), marker)
    annotated = ExamAttempt.objects.with_effective_result().get(pk=attempt.pk)
    assert (annotated.effective_score, annotated.effective_passed) == (D("83.33"), True)
    assert corrections.current_result(attempt) == (D("83.33"), True)
    assert [row["is_correction"] for row in attempt.score_history()] == [False]
