"""Builders for evaluation and archive tests: a finished training with its
register, an observation rubric, an indicator, an archive with one file."""
import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from lms.models import (
    ArchiveItem,
    Attendance,
    AttendanceStatus,
    ItemKind,
    ObservationCriterion,
    SkillObservation,
    TrainingArchive,
)
from people.permissions import ARCHIVE_BORROWERS, HR
from tests.factories import DepartmentFactory, make_user
from tests.lms.builders import make_course, make_session, make_survey

CRITERIA = [("安全操作规范", Decimal(2)), ("故障定位准确", Decimal(3)), ("维修工艺", Decimal(1))]


def training():
    """A finished session of a course: trainer, two trainees in two
    departments with heads, both signed in; a survey; a rubric; an archive."""
    after_sales = DepartmentFactory(code="after-sales", name="售后部")
    production = DepartmentFactory(code="production", name="生产部")
    crew = {
        "hr": make_user("hr_e", groups=[HR], first_name="人资", last_name="何", email="hr@example.com"),
        "trainer": make_user("trainer_e", first_name="培训师", last_name="林", email="trainer@example.com"),
        "head_as": make_user("head_as", department=after_sales, first_name="建国", last_name="周",
                             email="head-as@example.com"),
        "head_pr": make_user("head_pr", department=production, first_name="德胜", last_name="马",
                             email="head-pr@example.com"),
        "trainee": make_user("trainee_e", department=after_sales, first_name="学员", last_name="陈",
                             email="trainee@example.com"),
        "employee": make_user("employee_e", department=production, first_name="员工", last_name="王",
                              groups=[ARCHIVE_BORROWERS], email="employee@example.com"),
    }
    after_sales.head = crew["head_as"]
    after_sales.save()
    production.head = crew["head_pr"]
    production.save()
    starts = timezone.now() - datetime.timedelta(days=3)
    session = make_session(crew["trainer"], starts_at=starts, invitees=[crew["trainee"], crew["employee"]],
                           survey=make_survey(), course=make_course("故障分析实操"))
    for user in (crew["trainee"], crew["employee"]):
        Attendance.objects.create(session=session, user=user, signed_in_at=starts, status=AttendanceStatus.PRESENT)
    observation = SkillObservation(session=session, title="控制柜故障排查", observer=crew["trainer"])
    for order, (name, weight) in enumerate(CRITERIA):
        observation.criteria.add(ObservationCriterion(sort_order=order, name=name, weight=weight))
    observation.save()
    archive = TrainingArchive.objects.create(session=session)
    document = get_document_model().objects.create(
        title="现场照片", file=ContentFile(b"\x89PNG photo bytes", name="photo.png"))
    item = ArchiveItem.objects.create(archive=archive, kind=ItemKind.PHOTO, title="现场照片", document=document)
    return {**crew, "after_sales": after_sales, "production": production, "session": session,
            "observation": observation, "archive": archive, "item": item}
