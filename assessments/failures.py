"""What follows a failed assessment 考核不合格: the reason is analysed and
the trainee continues training, stays reserve or becomes workshop staff; a
trainee sent by an office/dealer who insists on continuing pays the scheme's
daily fee (200 CNY in the current policy) from the decision's date."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.models import HandlingOpinion, TraineePlanTable, TraineeSource

from .models import ContinuedTraining


@transaction.atomic
def record_failure_outcome(outcome, by):
    """Save ``outcome`` (a validated, unsaved :class:`FailureOutcome`); for an
    office/dealer trainee who continues, open the charged continued training
    from ``decided_on``. Raises ValidationError."""
    outcome.full_clean()
    outcome.decided_by = by
    table = TraineePlanTable.objects.filter(trainee_id=outcome.trainee_id).first()
    if outcome.outcome == HandlingOpinion.CONTINUE and table is not None and table.source == TraineeSource.DEALER:
        if not table.sponsor:
            raise ValidationError(_("培训计划表未填写派遣单位，无法记录委培补训费。"))
        record = ContinuedTraining(trainee_id=outcome.trainee_id, sponsor=table.sponsor,
                                   failed_exam=outcome.failed_exam, started_on=outcome.decided_on,
                                   note=outcome.reason, created_by=by)
        record.full_clean()
        record.save()
        outcome.continued_training = record
    outcome.save()
    return outcome
