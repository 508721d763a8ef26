"""Trainer accountability 培训人责任 (六.D) counts failures of a machine
model's or content's written *and* practical assessments."""

import pytest
from django.urls import reverse

from assessments import attempts as engine
from assessments.accountability import written_outcomes
from lms import traineeship
from lms.models import Trainer, TrainerStatus
from people.permissions import HR
from tests.assessments.exams import T0, exam_with, minutes, objective_paper, right_answers, wrong_answers
from tests.assessments.test_reports import csv_rows
from tests.factories import DepartmentFactory, make_practical_exam, make_user, score_all

pytestmark = pytest.mark.django_db


def test_trainer_failure_rates_include_written_failures(login):
    hr = make_user("acc_hr", groups=[HR], is_staff=True)
    trainer = make_user("acc_trainer", first_name="培训师", last_name="林")
    Trainer.objects.create(user=trainer, status=TrainerStatus.ADMITTED, trial_lecture_score=90)
    technical = DepartmentFactory(code="technical", name="技术部")
    grading = exam_with(objective_paper(), purpose="grading", subject="CNC-850")
    trainees = [make_user(f"acc_trainee{n}") for n in range(2)]
    for n, trainee in enumerate(trainees):
        table = traineeship.create_table(trainee, hr)
        traineeship.add_item(table, hr, content="CNC-850", department=technical, trainer=trainer,
                             planned_start=T0.date(), planned_end=T0.date())
        attempt = engine.start_attempt(grading, trainee, now=T0 + minutes(5 * n))
        answers = wrong_answers(attempt) if n == 0 else right_answers(attempt)
        engine.save_answers(attempt, answers, 1, now=T0 + minutes(5 * n))
        engine.submit_attempt(attempt, now=T0 + minutes(5 * n + 1))
        score_all(make_practical_exam(trainee=trainee, trainer=trainer, machine_model="CNC-850"), [90] * 5)

    outcomes, unattributed = written_outcomes()
    assert unattributed == 0 and sorted(o.passed for o in outcomes) == [False, True]
    header, *rows = csv_rows(login(hr).get(reverse("assessments_reports:accountability") + "?export=csv"))
    row = dict(zip(header, next(r for r in rows if "CNC-850" in r)))
    # Practical: both passed. Written: one of two failed → 50%, the top penalty band.
    assert (row["受考核人数"], row["不合格人数"], row["不合格率（%）"]) == ("2", "1", "50.00")
    assert row["处罚金额（元）"] == "200.00"
