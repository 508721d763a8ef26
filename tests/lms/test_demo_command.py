"""``setup_lms_demo`` builds the demo content once, however often it runs."""
import io

import pytest
from django.core.management import call_command

from lms.models import CoursePage, PlanEntry, SurveyPage, TraineePlanTable, TrainingSession

pytestmark = pytest.mark.django_db


def test_the_demo_command_is_idempotent():
    for _ in range(2):
        call_command("setup_lms_demo", stdout=io.StringIO())

    assert CoursePage.objects.count() == 4  # three for employees, one for the demo customer
    table = TraineePlanTable.objects.get(trainee__username="trainee")
    assert table.items.count() == 3 and PlanEntry.objects.filter(item__table=table).count() == 2
    assert table.items.first().trainer.username == "trainer"
    # The upcoming session, and the finished one with its evaluation and archive.
    assert SurveyPage.objects.count() == 1 and TrainingSession.objects.count() == 3


def test_setup_demo_builds_the_lms_demo_too():
    call_command("setup_demo", stdout=io.StringIO())

    assert CoursePage.objects.count() == 4
    assert TraineePlanTable.objects.filter(trainee__username="trainee", approved_by__username="evp").exists()
    assert TrainingSession.objects.count() == 3


def test_the_demo_customer_has_two_trainees_in_one_course_with_an_exam_and_an_upcoming_session(settings):
    from django.test import Client
    from django.utils import timezone

    from people.external import is_external
    from people.models import CustomerOrganisation

    call_command("setup_demo", stdout=io.StringIO())

    customer = CustomerOrganisation.objects.get()
    trainees = sorted(t.user.username for t in customer.trainees.select_related("user"))
    assert trainees == ["customer1", "customer2"]
    course = CoursePage.objects.get(slug="customer-equipment")
    assert course.has_exam and not course.auto_enrol
    assert sorted(course.enrolments.values_list("user__username", flat=True)) == trainees
    session = TrainingSession.objects.get(course=course)
    assert session.starts_at > timezone.now() and session.survey_id
    assert sorted(session.invitees.values_list("username", flat=True)) == trainees
    client = Client()
    assert client.login(username="customer1", password=settings.PORTAL_DEMO_PASSWORD)
    assert is_external(session.invitees.get(username="customer1"))
    page = client.get("/my/learning/").content.decode()
    assert course.title in page and session.title in page
    assert client.get(course.exam.url).status_code == 200


def test_the_demo_needs_survey_is_answered_by_the_demo_customer_too():
    from lms.models import NeedsSurvey

    for _ in range(2):
        call_command("setup_lms_demo", stdout=io.StringIO())

    survey = NeedsSurvey.objects.get(title="2027 年度培训需求调研")
    assert [c.name for c in survey.customers.all()] == ["华东精密机械有限公司"]
    answered = sorted((r.recipient.name, bool(r.customer_id)) for r in survey.responses.all())
    assert ("华东精密机械有限公司", True) in answered and len(answered) == 3
    texts = [who.name for who, _text in survey_summary_texts(survey)]
    assert "华东精密机械有限公司" in texts


def survey_summary_texts(survey):
    from lms.needs_surveys import summarise

    return next(s.texts for s in summarise(survey) if s.texts)
