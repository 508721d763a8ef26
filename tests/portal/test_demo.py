"""``setup_demo`` (run by ``make run``) gives every role something real to
see, with or without imported regulations, however often it runs."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from assessments.models import (
    PANEL_DEPARTMENT_CODES,
    AttemptStatus,
    ExamAnswer,
    ExamAttempt,
    ExamPage,
    PlacementResult,
    PracticalExam,
    QuestionCategory,
)
from lms.models import CoursePage, EventKind, LessonKind, PlanEntry, TableStatus, TraineePlanTable
from people.demo import DEPARTMENTS
from people.models import Confidentiality
from policies.access import can_view
from policies.models import PolicyPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction that is
    rolled back afterwards (each test's own transaction nests inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for _ in range(2):  # the second run must change nothing
                call_command("setup_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_data, db):
    return {u.username: u for u in get_user_model().objects.select_related("profile__job_role", "profile__department")}


def test_there_is_an_executive_vp_who_may_approve_the_submitted_plan_table(demo):
    assert demo["evp"].has_perm("lms.approve_traineeplantable")
    table = TraineePlanTable.objects.get(trainee__username="newcomer")
    assert table.status == TableStatus.SUBMITTED and table.items.count() == 3


def test_every_department_has_a_head(demo):
    heads = {u.profile.department.code for u in demo.values()
             if getattr(u, "profile", None) and u.profile.job_role and u.profile.job_role.code == "manager"}
    assert heads >= {code for code, _name in DEPARTMENTS}


def test_the_onboarding_course_has_a_lesson_to_read_a_public_policy(demo):
    course = CoursePage.objects.get(slug="onboarding")
    lesson = course.lessons.get(kind=LessonKind.POLICY)
    assert lesson.policy.confidentiality == Confidentiality.PUBLIC and lesson.policy.live
    assert course.lessons.count() == 4


def test_one_confidential_policy_only_the_cleared_can_read_with_its_revision_under_review(demo):
    policy = PolicyPage.objects.get(confidentiality=Confidentiality.CONFIDENTIAL)
    assert can_view(demo["secret"], policy) and can_view(demo["reviewer"], policy)
    assert not can_view(demo["employee"], policy) and not can_view(demo["trainee"], policy)
    assert policy.has_unpublished_changes and policy.current_workflow_state is not None


def test_question_bank_placement_test_and_timed_grading_exam(demo):
    assert QuestionCategory.objects.filter(questions__isnull=False).distinct().count() >= 4
    placement = ExamPage.objects.get(is_placement=True)
    grading = ExamPage.objects.get(is_placement=False, title__contains="定级")
    assert grading.time_limit_minutes == 90 and grading.pass_mark == 80
    result = PlacementResult.objects.get(trainee=demo["newcomer"], attempt__exam=placement)
    assert TraineePlanTable.objects.get(trainee=demo["newcomer"]).level == result.level


def test_the_trainee_is_mid_way_a_signed_row_and_a_submitted_exam_waiting_for_marking(demo):
    entries = PlanEntry.objects.filter(item__table__trainee=demo["trainee"])
    assert entries.filter(events__kind=EventKind.SIGNED).count() == 1
    assert entries.exclude(events__kind__in=[EventKind.SIGNED, EventKind.DISPUTED]).count() == 1
    attempt = ExamAttempt.objects.get(user=demo["trainee"], exam__is_placement=False)
    assert attempt.status == AttemptStatus.MARKING and attempt.submitted_at is not None
    assert ExamAnswer.objects.filter(attempt=attempt, needs_marking=True, points__isnull=True).count() == 1


def test_the_practical_panel_has_all_five_departments_with_the_demo_examiner(demo):
    exam = PracticalExam.objects.get(trainee=demo["trainee"])
    assert {a.department.code for a in exam.examiners.all()} == set(PANEL_DEPARTMENT_CODES)
    assert exam.examiners.filter(examiner=demo["examiner"]).exists()
    assert exam.score_sheets.count() == 2 and not exam.is_final
    assert not exam.score_sheets.filter(examiner=demo["examiner"]).exists()


def test_without_imported_regulations_the_library_still_has_a_public_policy(demo):
    assert PolicyPage.objects.live().filter(confidentiality=Confidentiality.PUBLIC).exists()


@override_settings(PORTAL_DEMO_MODE=True)
def test_the_login_page_lists_the_executive_vp_and_the_department_heads(client, demo):
    html = client.get("/accounts/login/").content.decode()
    assert "<code>evp</code>" in html and "head_technical" in html and "技术部负责人" in html
