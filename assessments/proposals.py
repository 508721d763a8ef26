"""Grade proposals: the one place that joins a trainee's written and
practical results into a proposed grade.

- :func:`written_score_for` asks every function registered with the Wagtail
  hook ``assessments_written_score`` for the written part of the person's
  grade (a number 0–100, or None): the grading written exam 定级书面考试,
  its 补考 replacing a failed attempt, never a course quiz or the placement
  test. :mod:`assessments.wagtail_hooks` registers the written-exam engine's
  :func:`assessments.attempts.grading_written_score`; nothing here imports the
  engine, which sits above this module (it proposes a grade through
  :mod:`assessments.outcomes` when a score becomes final)::

      @hooks.register("assessments_written_score")
      def grading_written(person):
          return grading_written_score(person)   # Decimal or None

- :func:`practical_score_for` is the best final practical exam's score.
- :func:`propose_grade_if_ready` proposes a grade through
  :func:`assessments.decisions.record_decision` once both are in and HR has
  recorded the person's qualifications (:class:`QualificationRecord`). The
  proposal changes nobody's pay: HR confirms it with the existing confirm flow
  (定级记录 › 确认定级). It is called when a practical exam becomes final
  (:func:`assessments.scoring.finalise`), when a written result becomes
  final (:func:`assessments.outcomes.attempt_became_final`), and by HR from
  the practical exam's admin page.
"""
from __future__ import annotations

import dataclasses
import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .decisions import record_decision
from .models import GradeDecision, PracticalExam, QualificationRecord
from .terms.money import to_decimal
from .terms.scheme import NoSchemeInForce

logger = logging.getLogger(__name__)

WRITTEN_SCORE_HOOK = "assessments_written_score"


def written_score_for(person):
    """The person's best final written score (Decimal), or None when no
    written result source has one."""
    scores = []
    for source in hooks.get_hooks(WRITTEN_SCORE_HOOK):
        value = source(person)
        if value is not None:
            scores.append(to_decimal(value, _("书面考试成绩")))
    return max(scores) if scores else None


def best_practical_exam(person):
    """The person's final practical exam with the highest score (a retake
    that passed beats the failed original), or None."""
    return (PracticalExam.objects.final().filter(trainee=person)
            .order_by("-score", "-finalised_at", "-pk").first())


def practical_score_for(person):
    exam = best_practical_exam(person)
    return exam.score if exam else None


class Outcome:
    PROPOSED = "proposed"
    ALREADY_PROPOSED = "already_proposed"
    WAITING_FOR_WRITTEN = "waiting_for_written"
    WAITING_FOR_PRACTICAL = "waiting_for_practical"
    NO_QUALIFICATION = "no_qualification"
    NO_SCHEME = "no_scheme"
    INVALID = "invalid"


MESSAGES = {
    Outcome.PROPOSED: _("已根据书面与实操成绩提出定级，待人资部确认。"),
    Outcome.ALREADY_PROPOSED: _("这组成绩已经提出过定级。"),
    Outcome.WAITING_FOR_WRITTEN: _("尚无书面考试成绩，待书面成绩确定后提出定级。"),
    Outcome.WAITING_FOR_PRACTICAL: _("尚无已完成的实操考核成绩。"),
    Outcome.NO_QUALIFICATION: _("尚未录入该人员的资格条件档案，无法提出定级。"),
    Outcome.NO_SCHEME: _("没有已生效的定级与薪资方案，无法提出定级。"),
    Outcome.INVALID: _("成绩或资格条件不符合定级要求，无法提出定级，请人资部核查。"),
}


@dataclasses.dataclass(frozen=True)
class ProposalResult:
    status: str
    decision: object = None

    @property
    def message(self):
        return MESSAGES[self.status]


def propose_grade_if_ready(person, *, recorded_by=None, now=None):
    """Propose a grade for ``person`` if their practical result is final and a
    written score exists; returns a :class:`ProposalResult` saying what
    happened. The same pair of scores is never proposed twice."""
    exam = best_practical_exam(person)
    if exam is None:
        return ProposalResult(Outcome.WAITING_FOR_PRACTICAL)
    written = written_score_for(person)
    if written is None:
        return ProposalResult(Outcome.WAITING_FOR_WRITTEN)
    record = QualificationRecord.objects.filter(person=person).first()
    if record is None:
        return ProposalResult(Outcome.NO_QUALIFICATION)
    existing = GradeDecision.objects.filter(person=person, written_score=written, practical_score=exam.score)
    if existing.exists():
        return ProposalResult(Outcome.ALREADY_PROPOSED, existing.first())
    note = str(_("实操考核 #%(pk)s（%(model)s，%(date)s）自动提出。")
               % {"pk": exam.pk, "model": exam.machine_model, "date": exam.scheduled_on})
    try:
        with transaction.atomic():
            decision = record_decision(
                person, written, exam.score, record.qualification, track=record.track,
                recorded_by=recorded_by, note=note, now=now,
            )
    except NoSchemeInForce:
        logger.warning("No grading scheme in force; no grade proposed for %s", person)
        return ProposalResult(Outcome.NO_SCHEME)
    except ValueError:
        logger.exception("Grade proposal refused for %s", person)
        return ProposalResult(Outcome.INVALID)
    return ProposalResult(Outcome.PROPOSED, decision)
