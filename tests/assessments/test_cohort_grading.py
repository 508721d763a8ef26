"""A cohort graded in bulk (record, confirm, pay) gets exactly what grading
each person one by one gives: every band, the boundary scores, the
qualification caps, both pay tracks and a written score corrected after
marking. The bulk path costs the same statements for 5 or 50 people, and a
failure half way writes nothing."""
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from assessments import attempts as engine
from assessments import corrections, decisions
from assessments.decisions import GradeInput
from assessments.models import GradeDecision
from assessments.proposals import written_score_for
from assessments.rules.pay import cohort_pay, monthly_pay
from assessments.terms.qualification import Qualification
from tests.assessments.exams import T0, exam_with, minutes, right_answers
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = Decimal

ENGINEER = Qualification(education="bachelor", product_series=3, years_experience=5)
TECHNICIAN = Qualification(education="high_school", product_series=2, years_experience=2)
JUNIOR_MIDDLE_CERTIFIED = Qualification(education="junior_middle", product_series=2, years_experience=1,
                                        repair_certificate=True)
UNQUALIFIED = Qualification(education="junior_middle", product_series=1, years_experience=0)

# (written, practical, qualification, track): every band, both sides of each
# boundary, the caps, a failed part, and the production-reserve track.
MIXED = [
    (D("80"), D("80"), ENGINEER, "full_time"),                  # [80, 84) technician_junior, lowest pass
    (D("83.9999"), D("84"), ENGINEER, "full_time"),             # 83.99995: still technician_junior
    (D("84"), D("84"), ENGINEER, "production_reserve"),         # technician_mid
    (D("86.5"), D("87.5"), ENGINEER, "full_time"),              # 87: technician_senior
    (D("90"), D("89.9998"), ENGINEER, "full_time"),             # 89.9999: technician_senior
    (D("90"), D("90"), ENGINEER, "production_reserve"),         # engineer_junior
    (D("93"), D("94"), ENGINEER, "full_time"),                  # 93.5 is junior (half-open bands)
    (D("94"), D("94"), ENGINEER, "full_time"),                  # engineer_mid
    (D("97"), D("97"), ENGINEER, "production_reserve"),         # engineer_senior
    (D("100"), D("100"), ENGINEER, "full_time"),                # top of the scale
    (D("95"), D("95"), TECHNICIAN, "full_time"),                # capped at technician_senior
    (D("98"), D("96"), JUNIOR_MIDDLE_CERTIFIED, "full_time"),   # the technician alternative, capped
    (D("95"), D("95"), UNQUALIFIED, "full_time"),               # no position: reserve
    (D("79.9999"), D("100"), ENGINEER, "full_time"),            # a part below 80: reserve
    (D("100"), D("60"), ENGINEER, "production_reserve"),        # a part below 80: reserve
    (D("0"), D("0"), TECHNICIAN, "full_time"),                  # the bottom of the scale
]
TRAVEL = [0, D("0.5"), 3, 22, 30, 1, D("10.5"), 0, 5, 0, 2, 0, 4, 0, 7, 0]


def corrected_written_score():
    """A grading written exam marked 83.33 and corrected to 100: the score
    in force (as :mod:`test_corrections_in_force` does it)."""
    from django.contrib.auth.models import Permission

    trainee = make_user("cohort_corrected")
    marker = make_user("cohort_marker")
    marker.user_permissions.add(Permission.objects.get(codename="mark_examanswer"))
    attempt = engine.start_attempt(exam_with(purpose="grading"), trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt, short="先断电"), 1, now=T0 + minutes(5))
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(10))
    key = next(q["key"] for q in attempt.questions if q["type"] == "short_answer")
    engine.mark_answer(attempt.answers.get(key=key), "1", marker, now=T0 + minutes(30))
    assert written_score_for(trainee) == D("83.33")
    corrections.correct_mark(attempt.answers.get(key=key), "2", by=marker, reason="复核", now=T0 + minutes(90))
    return trainee, written_score_for(trainee)


def comparable(decision):
    return (decision.track, decision.written_score, decision.practical_score, decision.score, decision.band_grade,
            decision.proposed_grade, decision.reasons, decision.rules, decision.scheme_id, decision.status)


def logged(decision):
    entries = ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(GradeDecision),
                                           object_id=str(decision.pk)).order_by("pk")
    return [(e.action, e.label, e.data, e.user_id) for e in entries]


def test_a_mixed_cohort_in_bulk_gets_the_grades_reasons_logs_and_pay_of_one_by_one():
    hr = make_user("cohort_hr")
    corrected, written = corrected_written_score()
    assert written == D("100.00")
    bulk_people = [make_user(f"bulk_{i:02d}") for i in range(len(MIXED))] + [corrected]
    single_people = [make_user(f"single_{i:02d}") for i in range(len(MIXED) + 1)]
    inputs = MIXED + [(written, D("90"), ENGINEER, "full_time")]

    bulk = decisions.record_decisions(
        [GradeInput(p, w, pr, q, track=t) for p, (w, pr, q, t) in zip(bulk_people, inputs, strict=True)],
        recorded_by=hr)
    confirmed = decisions.confirm_decisions(bulk, hr)
    singles = []
    for person, (w, pr, q, t) in zip(single_people, inputs, strict=True):
        decision = decisions.record_decision(person, w, pr, q, track=t, recorded_by=hr)
        singles.append(decisions.confirm(decision, hr))

    assert [d.pk for d in confirmed] == sorted(d.pk for d in bulk)
    stored_bulk = [GradeDecision.objects.get(pk=d.pk) for d in bulk]
    stored_single = [GradeDecision.objects.get(pk=d.pk) for d in singles]
    assert [comparable(d) for d in stored_bulk] == [comparable(d) for d in stored_single]
    assert [comparable(d) for d in bulk] == [comparable(d) for d in stored_bulk]  # what the caller holds is stored
    assert {d.proposed_grade for d in stored_bulk} == {
        "reserve", "technician_junior", "technician_mid", "technician_senior", "engineer_junior", "engineer_mid",
        "engineer_senior"}
    assert stored_bulk[1].proposed_grade == "technician_junior" and stored_bulk[6].proposed_grade == "engineer_junior"
    assert stored_bulk[-1].written_score == D("100") and stored_bulk[-1].proposed_grade == "engineer_mid"
    for b, s in zip(stored_bulk, stored_single, strict=True):
        assert b.confirmed_by_id == s.confirmed_by_id == hr.pk
        assert [(a, label.replace(b.person.username, "X"), data, user) for a, label, data, user in logged(b)] == \
            [(a, label.replace(s.person.username, "X"), data, user) for a, label, data, user in logged(s)]
        assert [a for a, *_ in logged(b)] == [decisions.PROPOSE_ACTION, decisions.CONFIRM_ACTION]

    travel = TRAVEL + [3]
    pays = cohort_pay([(d.proposed_grade, d.track, days) for d, days in zip(confirmed, travel, strict=True)])
    for decision, days, pay in zip(confirmed, travel, pays, strict=True):
        assert pay == monthly_pay(decision.proposed_grade, decision.track, days)
        assert pay == decisions.current_pay(decision.person, days)
    assert [d.pk for d in confirmed] == [d.pk for d in bulk]  # in the order of the entries
    for single, days, pay in zip(singles, travel, pays, strict=True):
        assert decisions.current_pay(single.person, days) == pay


def test_cohort_pay_refuses_what_monthly_pay_refuses():
    with pytest.raises(ValueError, match="出差天数"):
        cohort_pay([("engineer_mid", "full_time", 0), ("engineer_mid", "full_time", D("0.3"))])
    with pytest.raises(ValueError, match="未知的职级代码"):
        cohort_pay([("chief", "full_time", 0)])


def statements(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured)


def test_the_bulk_path_costs_the_same_statements_for_5_or_50_people():
    hr = make_user("cohort_count_hr")
    counts = {}
    for size in (5, 50):
        people = [make_user(f"count{size}_{i:02d}") for i in range(size)]
        entries = [GradeInput(p, *MIXED[i % len(MIXED)][:3], track=MIXED[i % len(MIXED)][3])
                   for i, p in enumerate(people)]
        recorded, record_count = statements(lambda entries=entries: decisions.record_decisions(entries, recorded_by=hr))
        confirmed, confirm_count = statements(lambda recorded=recorded: decisions.confirm_decisions(recorded, hr))
        _pays, pay_count = statements(lambda confirmed=confirmed: cohort_pay(
            [(d.proposed_grade, d.track, 2) for d in confirmed]))
        assert len(confirmed) == size
        counts[size] = (record_count, confirm_count, pay_count)
    assert counts[5] == counts[50]
    record_count, confirm_count, pay_count = counts[50]
    assert record_count <= 10 and confirm_count <= 10 and pay_count <= 2


def test_confirming_by_pk_reads_the_decisions_and_logs_them():
    hr = make_user("cohort_pk_hr")
    recorded = decisions.record_decisions([GradeInput(make_user(f"pk_{i}"), D(95), D(93), ENGINEER)
                                           for i in range(3)], recorded_by=hr)
    confirmed = decisions.confirm_decisions([d.pk for d in recorded], hr)
    assert [d.person.username for d in confirmed] == ["pk_0", "pk_1", "pk_2"]
    assert ModelLogEntry.objects.filter(action=decisions.CONFIRM_ACTION, label__startswith="pk_1 ·").count() == 1


def test_a_failure_while_logging_a_record_leaves_no_decision_and_no_log(monkeypatch):
    hr = make_user("cohort_fail_hr")
    entries = [GradeInput(make_user(f"fail_{i}"), D(95), D(93), ENGINEER) for i in range(4)]
    writes = []

    def fail_on_the_log(model, *args, **kwargs):
        writes.append(model)
        if model is ModelLogEntry:
            assert GradeDecision.objects.count() == 4  # the decisions were written in this transaction
            raise RuntimeError("disk full")
        return insert_rows(model, *args, **kwargs)

    insert_rows = decisions.insert_rows
    monkeypatch.setattr(decisions, "insert_rows", fail_on_the_log)
    with pytest.raises(RuntimeError, match="disk full"):
        decisions.record_decisions(entries, recorded_by=hr)
    assert writes == [GradeDecision, ModelLogEntry]
    assert not GradeDecision.objects.exists()
    assert not ModelLogEntry.objects.filter(action=decisions.PROPOSE_ACTION).exists()


def test_a_failure_while_logging_a_confirmation_leaves_every_decision_proposed(monkeypatch):
    hr = make_user("cohort_fail2_hr")
    recorded = decisions.record_decisions([GradeInput(make_user(f"fail2_{i}"), D(95), D(93), ENGINEER)
                                           for i in range(4)], recorded_by=hr)

    def fail(*args, **kwargs):
        assert GradeDecision.objects.confirmed().count() == 4  # updated in this transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(decisions, "_log_many", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        decisions.confirm_decisions(recorded, hr)
    assert GradeDecision.objects.confirmed().count() == 0
    assert set(GradeDecision.objects.values_list("status", flat=True)) == {"proposed"}
    assert not ModelLogEntry.objects.filter(action=decisions.CONFIRM_ACTION).exists()
    monkeypatch.undo()
    assert len(decisions.confirm_decisions(recorded, hr)) == 4  # and they can be confirmed afterwards
