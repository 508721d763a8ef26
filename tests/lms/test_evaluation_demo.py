"""The demo shows evaluation and archives on a fresh start: a training with
observation scores and an indicator, an archive with a photo and one loan
waiting for HR, an observation still to score in the trainer's 我的待办."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from lms import archives, evaluation
from lms.models import ArchiveLoan, ImpactIndicator, LoanStatus, ObservationScore, TrainingArchive

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_evaluated_training_with_an_archive_and_a_loan(client):
    for _ in range(2):
        call_command("setup_lms_demo", stdout=io.StringIO())
    archive = TrainingArchive.objects.get()
    assert archive.items.count() == 1 and archive.plans.get().decided_by.username == "gm"
    assert ObservationScore.objects.count() == 3 and ImpactIndicator.objects.count() == 1
    loan = ArchiveLoan.objects.get()
    assert loan.status == LoanStatus.REQUESTED
    users = get_user_model().objects
    hr, trainer = users.get(username="hr"), users.get(username="trainer")
    assert list(archives.loans_to_approve(hr)) == [loan]
    assert evaluation.observations_to_score(trainer).count() == 1  # 王员工 is not scored yet
    client.force_login(hr)
    page = client.get(reverse("lms:evaluation", args=[archive.session_id])).content.decode()
    assert "一次修复率" in page and "陈学员" in page
