"""The trainer pool's decisions (客户培训日常管理制度 四): admission by
evaluation (试讲、教学案例分析、学员评价), regular appraisal (教学效果、学员
满意度、培训计划执行情况), commendation, coaching and removal. Each is a
dated :class:`lms.models.TrainerAppraisal` with who recorded it and why, and
an entry in the audit log; only an admitted trainer is in the pool
(:func:`lms.models.in_trainer_pool`), which sessions, plan tables and plans
check. HR decides (``lms.change_trainer``)."""
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import rules
from .models import AppraisalKind, TrainerAppraisal, TrainerStatus, TrainingSettings
from .trainers import trainer_rating

DECIDE = "lms.change_trainer"


def _check(by):
    if not by.has_perm(DECIDE):
        raise PermissionDenied(_("师资库的入库、考核与退出由人资部办理。"))


def _record(trainer, by, kind, on, note="", **scores):
    entry = TrainerAppraisal.objects.create(trainer=trainer, kind=kind, on=on or timezone.localdate(),
                                            note=note, recorded_by=by, **scores)
    log(trainer, f"lms.trainer.{kind}", user=by, data={"note": note})
    return entry


@transaction.atomic
def admit(trainer, by, *, trial_score, case_score, trainee_rating=None, note="", on=None):
    """Admit a candidate whose trial lecture and case analysis both reach the
    pass score (培训设置); the evaluation is kept either way: a failed one is
    recorded as a trial with the reason and the trainer stays a candidate.
    Returns whether they were admitted."""
    _check(by)
    if trainer.status == TrainerStatus.ADMITTED:
        raise ValidationError(_("该培训师已在师资库中。"))
    trial_score = Decimal(str(trial_score)) if trial_score is not None else None
    case_score = Decimal(str(case_score)) if case_score is not None else None
    if trainee_rating is None:
        trainee_rating = trainer_rating(trainer.user)
    pass_score = TrainingSettings.current().trainer_admission_pass_score
    refusal = rules.admission_refusal(trial_score, case_score, pass_score)
    if refusal and (trial_score is None or case_score is None):
        raise ValidationError(refusal)
    on = on or timezone.localdate()
    _record(trainer, by, AppraisalKind.TRIAL, on, note=refusal or note, score=trial_score, case_score=case_score,
            trainee_rating=trainee_rating)
    trainer.trial_lecture_on, trainer.trial_lecture_score = on, trial_score
    if refusal is None:
        trainer.status, trainer.admitted_on, trainer.removed_reason = TrainerStatus.ADMITTED, on, ""
    trainer.save()
    return refusal is None


@transaction.atomic
def appraise(trainer, by, *, teaching_score, satisfaction_score, execution_score, note="", on=None):
    """The regular appraisal: teaching results, trainees' satisfaction and
    plan execution, and their mean as the score."""
    _check(by)
    if trainer.status != TrainerStatus.ADMITTED:
        raise ValidationError(_("只有师资库成员参加定期考核。"))
    parts = [Decimal(str(v)) for v in (teaching_score, satisfaction_score, execution_score)]
    score = (sum(parts) / 3).quantize(Decimal("0.01"))
    on = on or timezone.localdate()
    entry = _record(trainer, by, AppraisalKind.APPRAISAL, on, note=note, score=score, teaching_score=parts[0],
                    satisfaction_score=parts[1], execution_score=parts[2])
    trainer.last_appraised_on, trainer.appraisal_note = on, note
    trainer.save(update_fields=["last_appraised_on", "appraisal_note"])
    return entry


def _needs_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写原因。"))
    return reason


@transaction.atomic
def commend(trainer, by, reason, on=None):
    """表彰奖励 (荣誉证书、绩效加分、晋升机会…)."""
    _check(by)
    return _record(trainer, by, AppraisalKind.COMMENDATION, on, note=_needs_reason(reason))


@transaction.atomic
def coach(trainer, by, reason, on=None):
    """辅导改进: the trainer stays in the pool with a coaching plan."""
    _check(by)
    return _record(trainer, by, AppraisalKind.COACHING, on, note=_needs_reason(reason))


@transaction.atomic
def remove(trainer, by, reason, on=None):
    """调整出师资库: the trainer may no longer be assigned to teach."""
    _check(by)
    reason = _needs_reason(reason)
    if trainer.status == TrainerStatus.REMOVED:
        raise ValidationError(_("该培训师已退出师资库。"))
    entry = _record(trainer, by, AppraisalKind.REMOVAL, on, note=reason)
    trainer.status, trainer.removed_reason = TrainerStatus.REMOVED, reason[:255]
    trainer.save(update_fields=["status", "removed_reason"])
    return entry
