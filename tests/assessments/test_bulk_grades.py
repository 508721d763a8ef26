"""HR grades a whole cohort at once: the scheme is read once, the decisions
and their confirmations are written in a fixed number of statements, with
the same grades, reasons and audit entries as one by one, and all or nothing."""
from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from assessments import decisions
from assessments.decisions import GradeInput
from assessments.models import GradeDecision
from assessments.terms.qualification import Qualification
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ENGINEER = Qualification(education="bachelor", product_series=3, years_experience=5)
TECHNICIAN = Qualification(education="high_school", product_series=2, years_experience=2)


def cohort(n, prefix="cohort"):
    people = [make_user(f"{prefix}_{i:03d}") for i in range(n)]
    return [GradeInput(p, Decimal(80 + i % 20), Decimal(99 - i % 20), ENGINEER if i % 2 else TECHNICIAN)
            for i, p in enumerate(people)]


@pytest.mark.parametrize("size", [3, 40])
def test_recording_and_confirming_a_cohort_costs_the_same_statements_for_3_or_40(
    size, django_assert_max_num_queries
):
    entries = cohort(size)
    hr = make_user("hr_bulk")
    with django_assert_max_num_queries(8):
        recorded = decisions.record_decisions(entries, recorded_by=hr)
    with django_assert_max_num_queries(8):
        confirmed = decisions.confirm_decisions(recorded, hr)
    assert len(confirmed) == size
    assert GradeDecision.objects.confirmed().count() == size
    assert ModelLogEntry.objects.filter(action=decisions.CONFIRM_ACTION).count() == size
    assert ModelLogEntry.objects.filter(action=decisions.PROPOSE_ACTION, user=hr).count() == size


def test_bulk_decisions_match_one_by_one(django_assert_max_num_queries):
    entries = cohort(6)
    hr = make_user("hr_compare")
    bulk = decisions.record_decisions(entries, recorded_by=hr)
    for entry, decision in zip(entries, bulk, strict=True):
        single = decisions.record_decision(entry.person, entry.written, entry.practical, entry.qualification,
                                           recorded_by=hr)
        assert (decision.proposed_grade, decision.score, decision.reasons, decision.rules, decision.scheme_id) == \
            (single.proposed_grade, single.score, single.reasons, single.rules, single.scheme_id)
    bulk_log = ModelLogEntry.objects.filter(action=decisions.PROPOSE_ACTION, object_id=str(bulk[0].pk)).get()
    assert bulk_log.data["grade"] == bulk[0].proposed_grade and bulk_log.label == str(bulk[0])
    decisions.confirm_decisions(bulk, hr)
    assert decisions.current_grade(entries[1].person) == bulk[1].proposed_grade


def test_one_invalid_score_records_nobody_and_names_the_person():
    entries = cohort(3)
    bad = make_user("bad_score")
    entries.append(GradeInput(bad, Decimal("101"), Decimal("90"), ENGINEER))
    with pytest.raises(ValueError, match="bad_score"):
        decisions.record_decisions(entries)
    assert not GradeDecision.objects.exists()


def test_confirming_a_batch_with_one_confirmed_already_changes_nothing():
    hr = make_user("hr_twice")
    recorded = decisions.record_decisions(cohort(3), recorded_by=hr)
    decisions.confirm(recorded[1], hr)
    with pytest.raises(ValueError, match="不能重复确认"):
        decisions.confirm_decisions(recorded, hr)
    assert GradeDecision.objects.confirmed().count() == 1
