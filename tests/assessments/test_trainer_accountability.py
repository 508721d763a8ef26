"""培训人责任: per trainer per machine model/content, a failure rate of 30% or
more makes the trainer responsible; the penalty comes from the scheme's bands
(≥50% → 200, ≥40% → 150, ≥30% → 50, below 30% none)."""
from decimal import Decimal

import pytest

from assessments.rules.accountability import ExamOutcome, trainer_accountability
from assessments.terms.scheme import PenaltyBand
from tests.assessments.schemes import spec_rules

D = Decimal


def outcomes(failed, assessed, trainer="林培训师", model="CNC-850"):
    return [ExamOutcome(trainer=trainer, machine_model=model, trainee=f"{model}-{n}", passed=n >= failed)
            for n in range(assessed)]


@pytest.mark.parametrize("failed, assessed, responsible, penalty", [
    (0, 10, False, "0.00"),
    (2, 7, False, "0.00"),    # 28.57%
    (29, 100, False, "0.00"),
    (3, 10, True, "50.00"),   # exactly 30%
    (39, 100, True, "50.00"),
    (2, 5, True, "150.00"),   # exactly 40%
    (49, 100, True, "150.00"),
    (1, 2, True, "200.00"),   # exactly 50%
    (10, 10, True, "200.00"),
])
def test_penalty_bands_at_their_edges(rules, failed, assessed, responsible, penalty):
    [row] = trainer_accountability(outcomes(failed, assessed), scheme=rules)
    assert (row.assessed, row.failed) == (assessed, failed)
    assert row.failure_rate == D(failed) / D(assessed)
    assert row.responsible is responsible
    assert row.penalty == D(penalty)


def test_the_penalty_amounts_come_from_the_scheme_not_the_code():
    rules = spec_rules(penalty_bands=[PenaltyBand(25, 80), PenaltyBand(60, 500)])
    [row] = trainer_accountability(outcomes(3, 10), scheme=rules)
    assert row.responsible and row.penalty == D("80.00")
    [row] = trainer_accountability(outcomes(2, 10), scheme=rules)
    assert not row.responsible and row.penalty == D("0.00")


def test_each_trainer_and_machine_model_is_counted_separately(rules):
    data = outcomes(1, 2, trainer="甲", model="CNC-850") + outcomes(0, 4, trainer="甲", model="VMC-1060") \
        + outcomes(2, 5, trainer="乙", model="CNC-850")
    rows = {(r.trainer, r.machine_model): r for r in trainer_accountability(data, scheme=rules)}
    assert rows[("甲", "CNC-850")].penalty == D("200.00")
    assert rows[("甲", "VMC-1060")].penalty == D("0.00")
    assert rows[("乙", "CNC-850")].penalty == D("150.00")


def test_a_retake_neither_adds_a_trainee_nor_clears_the_first_failure(rules):
    data = outcomes(3, 10) + [ExamOutcome("林培训师", "CNC-850", "CNC-850-0", passed=True, is_retake=True)]
    [row] = trainer_accountability(data, scheme=rules)
    assert (row.assessed, row.failed, row.penalty) == (10, 3, D("50.00"))


def test_machine_models_match_despite_stray_spaces(rules):
    data = outcomes(1, 1, model="CNC-850") + [ExamOutcome("林培训师", " CNC-850 ", "other", passed=True)]
    [row] = trainer_accountability(data, scheme=rules)
    assert row.assessed == 2 and row.failure_percent == D("50.00")


def test_failure_percent_is_rounded_for_display_only(rules):
    [row] = trainer_accountability(outcomes(1, 3), scheme=rules)
    assert row.failure_percent == D("33.33")
    assert row.failure_rate == D(1) / D(3)
