"""The inputs of trainer accountability 培训人责任 (六.D: "同一机种或培训内容
的受训人员考核不合格率", written *and* practical): every final practical exam
and every final grading written exam sitting, as
:class:`assessments.rules.accountability.ExamOutcome`.

A practical exam names its trainer (主导培训人). A written sitting's trainer
is the one who trained the trainee on that content: the trainer of the
trainee's plan-table line whose 受训内容 is the exam's 机种/培训内容, else the
leading trainer of the trainee's practical exam on that machine model.
Sittings with neither are left out (:func:`written_outcomes` reports how many)."""
from lms.models import PlanItem

from .models import GRADING_PURPOSES, AttemptStatus, ExamAttempt, ExamPurpose, PracticalExam
from .rules.accountability import ExamOutcome


def _key(text):
    return " ".join(str(text).split())


def practical_outcomes(exams):
    return [ExamOutcome(trainer=exam.trainer, machine_model=exam.machine_model, trainee=exam.trainee_id,
                        passed=bool(exam.passed), is_retake=exam.retake_of_id is not None) for exam in exams]


def written_outcomes(*, period=None, machine_model=""):
    """Outcomes of final grading written sittings (finalised in ``period``, a
    slice of dates, and whose subject contains ``machine_model``), and how
    many could not be tied to a trainer."""
    attempts = (ExamAttempt.objects.filter(status=AttemptStatus.FINAL, exam__purpose__in=GRADING_PURPOSES)
                .exclude(exam__subject="").select_related("exam", "exam__retake_of").with_effective_result())
    if period is not None and period.start:
        attempts = attempts.filter(finalised_at__date__gte=period.start)
    if period is not None and period.stop:
        attempts = attempts.filter(finalised_at__date__lte=period.stop)
    if machine_model:
        attempts = attempts.filter(exam__subject__icontains=machine_model)
    attempts = list(attempts)
    trainees = {a.user_id for a in attempts}
    by_line = {(item.table.trainee_id, _key(item.content)): item.trainer
               for item in PlanItem.objects.filter(table__trainee__in=trainees).select_related("trainer", "table")}
    by_exam = {}
    for exam in PracticalExam.objects.filter(trainee__in=trainees).select_related("trainer").order_by("-pk"):
        by_exam.setdefault((exam.trainee_id, _key(exam.machine_model)), exam.trainer)
    outcomes, unattributed = [], 0
    for attempt in attempts:
        key = (attempt.user_id, _key(attempt.exam.subject))
        trainer = by_line.get(key) or by_exam.get(key)
        if trainer is None:
            unattributed += 1
            continue
        retake = attempt.is_retake or attempt.exam.purpose == ExamPurpose.RETAKE
        outcomes.append(ExamOutcome(trainer=trainer, machine_model=attempt.exam.subject, trainee=attempt.user_id,
                                    passed=bool(attempt.effective_passed), is_retake=retake))
    return outcomes, unattributed
