"""Trainer accountability 培训人责任 and dealer trainees' fees 委培补训费, as
plain functions over plain data.

- :func:`trainer_penalty`: the fine for one failure rate, from the scheme's
  penalty bands;
- :func:`trainer_accountability`: per trainer per machine model/content, how
  many trainees were assessed and failed, the failure rate, whether the
  trainer is responsible and the penalty;
- :func:`continuation_days` / :func:`continuation_fee`: what an office/dealer
  trainee who failed and insists on continuing owes (days × the daily fee
  the scheme set when the record was made).

The HR reports (:mod:`assessments.admin.reports`) gather the inputs from the
database and call these.
"""
from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..terms.money import HUNDRED, ZERO, cents, fmt, to_decimal
from .in_force import resolve_rules


@dataclasses.dataclass(frozen=True)
class TrainerPenalty:
    """Outcome of :func:`trainer_penalty`: whether the trainer is held
    responsible (must keep training until the trainees pass) and the fine."""

    failure_rate: Decimal
    responsible: bool
    amount: Decimal
    reason: str


def trainer_penalty(failure_rate, scheme=None, *, on=None):
    """主导培训人责任: the fine for one machine model or training content,
    given the share of trainees who failed as a fraction 0–1 (0.4 = 40%).

    The highest penalty band reached applies (≥50% → 200, ≥40% → 150,
    ≥30% → 50 in the current policy); reaching the lowest band makes the
    trainer responsible. Raises ValueError outside 0–1 or for non-numbers."""
    rate = to_decimal(failure_rate, _("不合格率"))
    if rate < 0 or rate > 1:
        raise ValueError(_("不合格率必须在 0 到 1 之间（0.3 表示 30%%），收到的是 %(value)s。")
                         % {"value": fmt(rate)})
    rules = resolve_rules(scheme, on=on)
    percent = rate * HUNDRED
    reached = [band for band in rules.penalty_bands if percent >= band.min_rate]
    if not reached:
        return TrainerPenalty(rate, False, cents(ZERO), str(
            _("不合格率 %(rate)s%%，未达到追责标准，不予处罚。") % {"rate": fmt(percent)}))
    band = reached[-1]
    return TrainerPenalty(rate, True, cents(band.amount), str(
        _("不合格率 %(rate)s%%，达到 %(band)s%%（含）以上，主导培训人须继续培训至合格，处罚 %(amount)s 元。")
        % {"rate": fmt(percent), "band": fmt(band.min_rate), "amount": fmt(band.amount)}))


@dataclasses.dataclass(frozen=True)
class ExamOutcome:
    """One final practical exam, as accountability counts it."""

    trainer: object
    machine_model: str
    trainee: object
    passed: bool
    is_retake: bool = False


@dataclasses.dataclass(frozen=True)
class AccountabilityRow:
    trainer: object
    machine_model: str
    assessed: int
    failed: int
    failure_rate: Decimal  # a fraction 0–1, exact
    responsible: bool
    penalty: Decimal
    reason: str

    @property
    def failure_percent(self):
        """The failure rate in percent, rounded half-up to 0.01 for display."""
        return cents(self.failure_rate * HUNDRED)


def _key(text):
    return " ".join(str(text).split())


def trainer_accountability(outcomes, scheme=None, *, on=None):
    """主导培训人责任: group ``outcomes`` (:class:`ExamOutcome`) by trainer and
    machine model/content and apply the scheme's penalty bands to each group.

    Each trainee counts once per group, by their first attempt: retakes
    (补考) neither add a trainee nor undo a failure (the policy measures how
    well the trainee was trained, and "training continues until pass" is
    the consequence, not a second chance for the rate). Machine models are
    compared with surrounding and repeated whitespace ignored.

    Returns :class:`AccountabilityRow` objects sorted by machine model, then
    trainer (``str``)."""
    groups = {}
    for outcome in outcomes:
        if outcome.is_retake:
            continue
        key = (outcome.trainer, _key(outcome.machine_model))
        trainees = groups.setdefault(key, {})
        trainees[outcome.trainee] = trainees.get(outcome.trainee, False) or not outcome.passed
    rows = []
    for (trainer, model), trainees in groups.items():
        assessed = len(trainees)
        failed = sum(1 for failed in trainees.values() if failed)
        rate = Decimal(failed) / Decimal(assessed)
        penalty = trainer_penalty(rate, scheme=scheme, on=on)
        rows.append(AccountabilityRow(trainer=trainer, machine_model=model, assessed=assessed, failed=failed,
                                      failure_rate=rate, responsible=penalty.responsible,
                                      penalty=penalty.amount, reason=penalty.reason))
    return sorted(rows, key=lambda r: (r.machine_model, str(r.trainer)))


def continuation_days(started_on, ended_on=None, *, today):
    """Calendar days of continued training, both ends included; an open
    period (``ended_on`` None) runs to ``today``. A period that has not
    started yet is 0 days. Raises ValueError if it ends before it starts."""
    if ended_on is not None and ended_on < started_on:
        raise ValueError("继续培训的结束日期不能早于开始日期。")
    end = ended_on if ended_on is not None else today
    if end < started_on:
        return 0
    return (end - started_on).days + 1


@dataclasses.dataclass(frozen=True)
class ContinuationFee:
    days: int
    daily_fee: Decimal
    fee: Decimal
    ongoing: bool


def continuation_fee(started_on, ended_on, daily_fee, *, today):
    """委培补训费: ``daily_fee`` (the scheme's, 200 CNY in the current policy)
    × :func:`continuation_days`, rounded half-up to 0.01 CNY."""
    if not isinstance(started_on, datetime.date) or not isinstance(today, datetime.date):
        raise ValueError("开始日期和当天日期必须是日期。")
    fee = to_decimal(daily_fee, "补训费")
    if fee < 0:
        raise ValueError("补训费不能为负数。")
    days = continuation_days(started_on, ended_on, today=today)
    return ContinuationFee(days=days, daily_fee=cents(fee), fee=cents(fee * days), ongoing=ended_on is None)

