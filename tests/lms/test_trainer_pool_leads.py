"""Only members of the trainer pool 师资库 (admitted after a trial lecture,
not suspended or removed) lead a plan-table stage or a session; admissions,
appraisals and removals are recorded with their dates."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lms import traineeship
from lms.forms import PlanItemForm
from lms.models import Trainer, TrainerAppraisal, TrainerStatus, TrainingSession
from tests.factories import make_user

from .builders import PLACED, people

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def test_a_trainer_outside_the_pool_is_refused_as_a_stages_trainer():
    p = people()
    outsider = make_user("not_in_pool")
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    with pytest.raises(ValidationError, match="不在师资库"):
        traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"], trainer=outsider,
                             planned_start=DAY, planned_end=DAY)
    assert not table.items.exists()
    assert outsider not in PlanItemForm().fields["trainer"].queryset
    assert p["trainer"] in PlanItemForm().fields["trainer"].queryset


def test_a_removed_trainer_no_longer_leads_and_the_removal_is_dated():
    p = people()
    record = Trainer.objects.get(user=p["trainer"])
    record.status, record.removed_reason = TrainerStatus.REMOVED, "考评不合格"
    record.save()
    TrainerAppraisal.objects.create(trainer=record, kind="removal", on=DAY, note="考评不合格")
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    with pytest.raises(ValidationError, match="不在师资库"):
        traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"], trainer=p["trainer"],
                             planned_start=DAY, planned_end=DAY)
    assert f"{DAY} 退出师资库" in record.appraisal_record()


def test_a_session_needs_a_pool_trainer():
    p = people()
    starts = timezone.now()
    session = TrainingSession(title="电气原理图识读", trainer=make_user("guest_speaker"), starts_at=starts,
                              ends_at=starts + datetime.timedelta(hours=2))
    with pytest.raises(ValidationError, match="师资库"):
        session.full_clean()
    session.trainer = p["trainer"]
    session.full_clean()
