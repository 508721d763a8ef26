"""委培补训费: an office/dealer trainee (办事处/经销商, the plan table's source)
who fails and insists on continuing pays the scheme's daily fee (200 CNY)
for every day of continued training."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.models import ContinuedTraining
from assessments.models.practical import is_dealer_trainee
from assessments.rules.accountability import continuation_days, continuation_fee
from tests.factories import make_dealer_trainee, make_practical_exam, make_user, score_all

D = Decimal
MAY_1, MAY_10 = datetime.date(2027, 5, 1), datetime.date(2027, 5, 10)


def test_days_count_both_ends_and_an_open_period_runs_to_today():
    assert continuation_days(MAY_1, MAY_10, today=MAY_10) == 10
    assert continuation_days(MAY_1, MAY_1, today=MAY_10) == 1
    assert continuation_days(MAY_1, None, today=datetime.date(2027, 5, 3)) == 3
    assert continuation_days(MAY_10, None, today=MAY_1) == 0


def test_the_fee_is_days_times_the_daily_fee():
    fee = continuation_fee(MAY_1, MAY_10, D("200.00"), today=MAY_10)
    assert (fee.days, fee.fee, fee.ongoing) == (10, D("2000.00"), False)
    assert continuation_fee(MAY_1, None, 200, today=datetime.date(2027, 5, 3)).fee == D("600.00")


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError):
        continuation_days(MAY_10, MAY_1, today=MAY_10)
    with pytest.raises(ValueError):
        continuation_fee(MAY_1, MAY_10, D("-1"), today=MAY_10)


@pytest.mark.django_db
def test_the_daily_fee_is_taken_from_the_scheme_when_the_record_is_made():
    trainee = make_dealer_trainee()
    exam = make_practical_exam(trainee=trainee)
    score_all(exam, [60] * 5)
    exam.refresh_from_db()
    record = ContinuedTraining(trainee=trainee, sponsor="华东办事处", failed_exam=exam, started_on=MAY_1,
                               ended_on=MAY_10)
    record.full_clean()
    record.save()
    assert record.daily_fee == D("200.00") and "2000-初始" in record.scheme_label


@pytest.mark.django_db
def test_only_dealer_trainees_after_a_failed_exam_are_charged():
    employee = make_user()
    assert not is_dealer_trainee(employee)
    with pytest.raises(ValidationError) as error:
        ContinuedTraining(trainee=employee, sponsor="华东办事处", started_on=MAY_1).full_clean()
    assert "trainee" in error.value.message_dict
    trainee = make_dealer_trainee()
    passed = make_practical_exam(trainee=trainee)
    score_all(passed, [90] * 5)
    passed.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        ContinuedTraining(trainee=trainee, sponsor="华东办事处", failed_exam=passed, started_on=MAY_1).full_clean()
    assert "failed_exam" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ContinuedTraining(trainee=trainee, sponsor="华东办事处", started_on=MAY_10, ended_on=MAY_1).full_clean()
    assert "ended_on" in error.value.message_dict
