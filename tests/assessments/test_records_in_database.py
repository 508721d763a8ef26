"""Final records cannot be changed silently: the database itself refuses
UPDATE and DELETE of acknowledgements, final written scores and marked
answers, score sheets, signed plan-table entries and confirmed grade
decisions, whether through a queryset's ``update()``, raw SQL or a delete.
Runs on SQLite by default and on PostgreSQL with DATABASE_URL set.

Corrections are new rows with who, when and why, shown in the attempt's
history; a marker cannot overwrite another marker's mark."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet

from assessments import attempts as engine
from assessments import corrections
from assessments.models import ExamAnswer, ExamAttempt, GradeDecision, ScoreCorrection, ScoreSheet
from lms.models import PlanEntry
from policies.acknowledgements import acknowledge
from policies.models import Acknowledgement
from tests.assessments.exams import T0, exam_with, minutes, right_answers
from tests.factories import make_policy, make_practical_exam, make_user, score_all

pytestmark = pytest.mark.django_db


def refused(sql, params=()):
    """Run ``sql``; True if the database refused it (and nothing changed)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as error:
        assert "write-once record" in str(error) or "constraint" in str(error).lower()
        return True
    return False


def refused_update(model, pk, **values):
    """A queryset ``update()`` that skips the model's own guard (the way any
    code that forgot it would): True if the database refused it."""
    try:
        with transaction.atomic():
            QuerySet(model).filter(pk=pk).update(**values)
    except IntegrityError:
        return True
    return False


def refused_delete(model, pk):
    try:
        with transaction.atomic():
            QuerySet(model).filter(pk=pk)._raw_delete(connection.alias)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def marker():
    user = make_user("db_marker", first_name="阅卷", last_name="李")
    user.user_permissions.add(Permission.objects.get(codename="mark_examanswer"))
    return user


@pytest.fixture
def marking():
    exam = exam_with(purpose="grading")
    attempt = engine.start_attempt(exam, make_user("db_trainee"), now=T0)
    engine.save_answers(attempt, right_answers(attempt, short="先断电"), 1, now=T0 + minutes(5))
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(10))
    return attempt


def short_answer(attempt):
    key = next(q["key"] for q in attempt.questions if q["type"] == "short_answer")
    return attempt.answers.get(key=key)


@pytest.fixture
def final(marking, marker):
    engine.mark_answer(short_answer(marking), "1", marker, now=T0 + minutes(30))
    return ExamAttempt.objects.get(pk=marking.pk)


def test_a_final_written_score_cannot_be_updated_by_queryset_raw_sql_or_deleted(final):
    assert final.finalised_at is not None and final.score == Decimal("83.33")
    assert refused_update(ExamAttempt, final.pk, score=100)
    assert refused("UPDATE assessments_examattempt SET score = 100, passed = %s WHERE id = %s", [True, final.pk])
    assert refused("DELETE FROM assessments_examattempt WHERE id = %s", [final.pk])
    assert refused_delete(ExamAttempt, final.pk)
    final.refresh_from_db()
    assert final.score == Decimal("83.33")


def test_the_answers_of_a_final_attempt_cannot_be_changed(final):
    objective = final.answers.exclude(pk=short_answer(final).pk).first()
    assert refused_update(ExamAnswer, objective.pk, points=0)
    assert refused("UPDATE assessments_examanswer SET points = 0 WHERE id = %s", [objective.pk])
    assert refused("DELETE FROM assessments_examanswer WHERE id = %s", [objective.pk])


def test_an_attempt_still_being_written_or_marked_changes_as_before(marking):
    assert not refused_update(ExamAttempt, marking.pk, seq=99)
    assert ExamAttempt.objects.get(pk=marking.pk).seq == 99


def test_a_marker_cannot_overwrite_an_already_marked_short_answer(marking, marker):
    """Two short answers: the first is marked, the attempt still waits for
    the second; nobody can overwrite the first mark."""
    answer = short_answer(marking)
    engine.mark_answer(answer, "2", marker, now=T0 + minutes(20))
    # the attempt is not final yet if another answer waited: make it wait again by hand
    other = make_user("db_marker_2")
    other.user_permissions.add(Permission.objects.get(codename="mark_examanswer"))
    with pytest.raises(engine.MarkingError):
        engine.mark_answer(answer, "0", other, now=T0 + minutes(25))
    assert refused_update(ExamAnswer, answer.pk, points=0)
    assert refused("UPDATE assessments_examanswer SET points = 0, marked_by_id = %s WHERE id = %s",
                   [other.pk, answer.pk])
    assert ExamAnswer.objects.get(pk=answer.pk).points == Decimal("2.00")


def test_the_second_marker_is_told_why_in_chinese(marking, marker, monkeypatch):
    answer = short_answer(marking)
    marked = ExamAnswer.objects.get(pk=answer.pk)
    # the first marker's mark is there but the attempt is still in marking
    monkeypatch.setattr(engine, "_finalise_if_marked", lambda attempt, now: False)
    engine.mark_answer(marked, "1", marker, now=T0 + minutes(20))
    with pytest.raises(engine.MarkingError, match="不能覆盖"):
        engine.mark_answer(marked, "2", marker, now=T0 + minutes(21))


def test_a_correction_is_a_new_row_with_who_when_why_shown_in_the_history(final, marker):
    answer = short_answer(final)
    correction = corrections.correct_mark(answer, "2", by=marker, reason="复核：步骤完整，应得满分",
                                          now=T0 + minutes(90))
    assert (correction.points_before, correction.points_after) == (Decimal("1.00"), Decimal("2.00"))
    assert (correction.score_before, correction.score_after) == (Decimal("83.33"), Decimal("100.00"))
    assert correction.corrected_by == marker and correction.reason.startswith("复核")
    final.refresh_from_db()
    assert final.score == Decimal("83.33")  # the original stays as it was
    assert corrections.current_result(final) == (Decimal("100.00"), True)
    history = final.correction_history()
    assert "83.33 → 100.00" in history and "复核：步骤完整" in history
    assert refused_update(ScoreCorrection, correction.pk, score_after=0)
    assert refused("DELETE FROM assessments_scorecorrection WHERE id = %s", [correction.pk])


def test_a_correction_needs_a_reason_and_a_marker(final, marker):
    answer = short_answer(final)
    with pytest.raises(engine.MarkingError, match="理由"):
        corrections.correct_mark(answer, "2", by=marker, reason="  ")
    with pytest.raises(engine.MarkingError, match="阅卷人"):
        corrections.correct_mark(answer, "2", by=make_user("not_a_marker"), reason="想改")
    assert not ScoreCorrection.objects.exists()


def test_the_correction_shows_in_the_attempts_admin_page(final, marker, login):
    corrections.correct_mark(short_answer(final), "2", by=marker, reason="复核更正理由XYZ")
    admin = make_user("db_admin", is_superuser=True, is_staff=True)
    html = login(admin).get(f"/admin/snippets/assessments/examattempt/inspect/{final.pk}/").content.decode()
    assert "复核更正理由XYZ" in html


def test_an_acknowledgement_cannot_be_changed_or_deleted_in_the_database(django_capture_on_commit_callbacks):
    reader = make_user("db_reader")
    page = make_policy(title="数据库确认制度")
    acknowledge(reader, page, page.current_version.number)
    row = Acknowledgement.objects.get(user=reader)
    assert refused_update(Acknowledgement, row.pk, ip_address="10.0.0.1")
    assert refused("UPDATE policies_acknowledgement SET acknowledged_at = acknowledged_at WHERE id = %s", [row.pk])
    assert refused("DELETE FROM policies_acknowledgement WHERE id = %s", [row.pk])
    assert Acknowledgement.objects.filter(pk=row.pk).exists()


def test_a_score_sheet_and_its_lines_cannot_be_changed_or_deleted_in_the_database():
    exam = make_practical_exam()
    sheet = score_all(exam, [80])[0]
    sheet = ScoreSheet.objects.get(pk=sheet.pk)
    assert refused_update(ScoreSheet, sheet.pk, total=100)
    assert refused("UPDATE assessments_scoresheet SET total = 100 WHERE id = %s", [sheet.pk])
    assert refused("UPDATE assessments_scoreline SET points = 100 WHERE sheet_id = %s", [sheet.pk])
    assert refused("DELETE FROM assessments_scoreline WHERE sheet_id = %s", [sheet.pk])
    assert refused("DELETE FROM assessments_scoresheet WHERE id = %s", [sheet.pk])
    assert ScoreSheet.objects.get(pk=sheet.pk).total == Decimal("80.00")


def test_a_signed_plan_entry_cannot_be_changed_in_the_database():
    from tests.lms.builders import approved_table, people

    p = people()
    table = approved_table(p)
    item = table.items.first()
    entry = PlanEntry.objects.create(item=item, actual_date=item.planned_start, actual_content="拆装练习",
                                     assessment="合格", trainer=item.trainer)
    assert refused_update(PlanEntry, entry.pk, assessment="优秀")
    assert refused("UPDATE lms_planentry SET actual_content = '改过' WHERE id = %s", [entry.pk])
    assert refused("DELETE FROM lms_planentry WHERE id = %s", [entry.pk])


def test_a_confirmed_grade_decision_cannot_be_changed_but_a_proposal_can_be_confirmed():
    from assessments import decisions
    from tests.assessments.schemes import ENGINEER

    hr = make_user("db_hr", is_superuser=True)
    decision = decisions.record_decision(make_user("db_graded"), 95, 95, ENGINEER,
                                         recorded_by=hr)
    assert not refused_update(GradeDecision, decision.pk, note="提议阶段可改备注")
    decisions.confirm(decision, hr)
    assert refused_update(GradeDecision, decision.pk, proposed_grade="senior")
    assert refused("UPDATE assessments_gradedecision SET score = 100 WHERE id = %s", [decision.pk])
    assert refused("DELETE FROM assessments_gradedecision WHERE id = %s", [decision.pk])
    assert GradeDecision.objects.get(pk=decision.pk).status == "confirmed"
