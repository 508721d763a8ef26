"""Builders for LMS test data: course pages, plan tables, sessions, surveys.
(People and policies come from tests/factories.py.)"""
import datetime
from decimal import Decimal

from django.utils import timezone

from lms import traineeship
from lms.models import (
    CourseDevelopment,
    CourseIndexPage,
    CourseLesson,
    CoursePage,
    DevelopmentStage,
    LessonKind,
    SurveyField,
    SurveyPage,
    Track,
    Trainer,
    TrainerStatus,
    TrainingSession,
)
from people import outbox
from people.permissions import EXECUTIVE_VP, HR
from portal.models import HomePage
from portal.setup import ensure_site
from tests.factories import DepartmentFactory, make_user

#: A placement result as the assessments app applies it (摸底考试 72: 储备, 基础):
#: a plan table is approved only once the trainee has one.
PLACED = Decimal("72.00")


def course_index():
    ensure_site()
    home = HomePage.objects.first()
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    return index


def make_course(title="新员工入职培训", track=Track.ONBOARDING, departments=(), roles_=(), lessons=None,
                filed=True, **fields):
    """A published course, developed and filed unless ``filed=False`` (then
    its development has not started); ``lessons`` is a list of (title, kind,
    extra fields)."""
    index = course_index()
    course = CoursePage(title=title, slug=f"course-{CoursePage.objects.count() + 1}", track=track, **fields)
    for order, (lesson_title, kind, extra) in enumerate(lessons or [("公司发展历史", LessonKind.TEXT, {})]):
        course.lessons.add(CourseLesson(sort_order=order, title=lesson_title, kind=kind, **extra))
    course.target_departments = list(departments)
    course.target_roles = list(roles_)
    index.add_child(instance=course)
    course.save_revision().publish()
    CourseDevelopment.objects.create(course=course, stage=DevelopmentStage.FILED if filed else "",
                                     filed_on=datetime.date(2026, 1, 5) if filed else None)
    return CoursePage.objects.get(pk=course.pk)


def people():
    """HR, the executive VP, a trainer and a trainee in their departments."""
    after_sales = DepartmentFactory(code="after-sales", name="售后部")
    technical = DepartmentFactory(code="technical", name="技术部")
    crew = {
        "after_sales": after_sales,
        "technical": technical,
        "hr": make_user("hr_t", groups=[HR], first_name="人资", last_name="何"),
        "evp": make_user("evp_t", groups=[EXECUTIVE_VP], first_name="常务", last_name="赵"),
        "trainer": make_user("trainer_t", department=technical, first_name="培训师", last_name="林"),
        "trainer2": make_user("trainer2_t", department=after_sales, first_name="师傅", last_name="周"),
        "trainee": make_user("trainee_t", department=after_sales, first_name="学员", last_name="陈"),
    }
    for key in ("trainer", "trainer2"):  # both admitted to the trainer pool after a trial lecture
        Trainer.objects.create(user=crew[key], status=TrainerStatus.ADMITTED, trial_lecture_score=Decimal(90))
    return crew


def approved_table(p, stages=2):
    """An approved plan table for ``p['trainee']``: stage 1 with the trainer
    (技术部), stage 2 with trainer2 (售后部)…"""
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    start = datetime.date(2026, 3, 2)
    trainers = [(p["technical"], p["trainer"]), (p["after_sales"], p["trainer2"])]
    for index in range(stages):
        department, trainer = trainers[index % 2]
        traineeship.add_item(
            table, p["hr"], content=f"第{index + 1}阶段内容", department=department, trainer=trainer,
            planned_start=start + datetime.timedelta(days=14 * index),
            planned_end=start + datetime.timedelta(days=14 * index + 13),
        )
    traineeship.submit(table, p["hr"])
    traineeship.approve(table, p["evp"])
    table.refresh_from_db()
    return table


def make_session(trainer, starts_at=None, minutes=120, invitees=(), survey=None, **fields):
    starts_at = starts_at or timezone.now() + datetime.timedelta(minutes=5)
    session = TrainingSession.objects.create(
        title="电气原理图识读", trainer=trainer, starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes), survey=survey, **fields)
    session.invitees.set(invitees)
    return session


def make_survey():
    index = course_index()
    survey = SurveyPage(title="培训满意度调查", slug=f"survey-{SurveyPage.objects.count() + 1}")
    survey.form_fields.add(SurveyField(sort_order=0, label="培训内容是否实用", field_type="rating"))
    survey.form_fields.add(SurveyField(sort_order=1, label="意见与建议", field_type="multiline", required=False))
    index.add_child(instance=survey)
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def delivered():
    """Send what the LMS queued in the notification outbox (``lms.notifying``):
    a test's transaction never commits, so the sweep delivers it, as it
    would after a broker outage."""
    return outbox.sweep(now=timezone.now() + datetime.timedelta(minutes=5))


def add_line(plan, course=None, trainers=(), **fields):
    """A course line of ``plan``: a filed course (a new one unless given),
    on the plan's first day unless a time is given."""
    from lms.models import PlanLine

    if "starts_on" not in fields and "month" not in fields:
        fields["starts_on"] = plan.starts_on
    line = PlanLine.objects.create(plan=plan, course=course or make_course(f"计划课程{PlanLine.objects.count() + 1}"),
                                   sort_order=plan.lines.count(), **fields)
    line.trainers.set(trainers)
    return line


def plan_form_data(plan_fields, lines=(), initial=0):
    """The POST of the plan form with its course lines' formset (prefix
    ``lines``): ``lines`` are dicts of a line's fields (``id`` for a saved
    line, ``DELETE`` to remove it); the first ``initial`` are saved ones."""
    data = {**plan_fields, "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(initial),
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000"}
    for index, line in enumerate(lines):
        data.update({f"lines-{index}-{name}": value for name, value in line.items()})
    return data
