"""``setup_lms_demo`` builds the demo content once, however often it runs."""
import io

import pytest
from django.core.management import call_command

from lms.models import CoursePage, PlanEntry, SurveyPage, TraineePlanTable, TrainingSession

pytestmark = pytest.mark.django_db


def test_the_demo_command_is_idempotent():
    for _ in range(2):
        call_command("setup_lms_demo", stdout=io.StringIO())

    assert CoursePage.objects.count() == 3
    table = TraineePlanTable.objects.get(trainee__username="trainee")
    assert table.items.count() == 3 and PlanEntry.objects.filter(item__table=table).count() == 2
    assert table.items.first().trainer.username == "trainer"
    # The upcoming session, and the finished one with its evaluation and archive.
    assert SurveyPage.objects.count() == 1 and TrainingSession.objects.count() == 2


def test_setup_demo_builds_the_lms_demo_too():
    call_command("setup_demo", stdout=io.StringIO())

    assert CoursePage.objects.count() == 3
    assert TraineePlanTable.objects.filter(trainee__username="trainee", approved_by__username="evp").exists()
    assert TrainingSession.objects.count() == 2
