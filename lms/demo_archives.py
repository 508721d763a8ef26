"""Demo content for evaluation and archives (002 七、八), added by
``manage.py setup_demo`` after :mod:`lms.demo`: a finished training of the
after-sales basic course with its register, a survey answer, a skill
observation scored for one trainee (the other waits in the trainer's
我的待办), a business-impact indicator, an archive with a photo, linked to
an approved training plan, and one loan waiting for HR's approval."""
import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model

from people.models import Department
from people.permissions import ARCHIVE_BORROWERS

from .models import (
    ArchiveItem,
    ArchiveLoan,
    Attendance,
    AttendanceStatus,
    CoursePage,
    ImpactIndicator,
    ItemKind,
    ObservationCriterion,
    ObservationScore,
    PlanKind,
    PlanLine,
    PlanMethod,
    PlanStatus,
    SkillObservation,
    SurveyPage,
    SurveySubmission,
    TrainingArchive,
    TrainingPlan,
    TrainingSession,
)

TITLE = "故障分析实操（已结课）"
CRITERIA = [("安全操作规范", Decimal(2)), ("故障定位准确", Decimal(3)), ("维修工艺", Decimal(1))]


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (29, 78, 216)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="training-photo.png")


@transaction.atomic
def add_demo_content(stdout):
    User = get_user_model()
    if TrainingSession.objects.filter(title=TITLE).exists():
        return
    people = {u.username: u for u in User.objects.filter(
        username__in=["hr", "gm", "trainer", "trainee", "employee", "secret"])}
    borrowers = Group.objects.get_or_create(name=ARCHIVE_BORROWERS)[0]
    for name in ("employee", "trainee", "trainer", "secret"):
        people[name].groups.add(borrowers)
    starts = timezone.localtime(timezone.now() - datetime.timedelta(days=14)).replace(hour=9, minute=0, second=0,
                                                                                   microsecond=0)
    session = TrainingSession.objects.create(
        title=TITLE, trainer=people["trainer"], location="售后部实训车间", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3), survey=SurveyPage.objects.first(),
        course=CoursePage.objects.filter(slug="after-sales-basic").first(), closed_at=starts + datetime.timedelta(hours=4))
    session.invitees.set([people["trainee"], people["employee"]])
    for user, late in ((people["trainee"], 0), (people["employee"], 8)):
        Attendance.objects.create(session=session, user=user, signed_in_at=starts + datetime.timedelta(minutes=late),
                                  signed_out_at=session.ends_at,
                                  status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT)
    if session.survey:
        fields = {f.clean_name: f for f in session.survey.get_form_fields()}
        data = {name: (5 if f.field_type == "rating" else "实操时间可以再长一些。") for name, f in fields.items()}
        SurveySubmission.objects.create(page=session.survey, user=people["trainee"], session=session, form_data=data)
    observation = SkillObservation(session=session, title="控制柜故障排查", observer=people["trainer"],
                                   observed_on=timezone.localdate(session.ends_at))
    for order, (name, weight) in enumerate(CRITERIA):
        observation.criteria.add(ObservationCriterion(sort_order=order, name=name, weight=weight))
    observation.save()
    for criterion, score in zip(observation.criteria.all(), (Decimal(90), Decimal(85), Decimal(78)), strict=True):
        ObservationScore.objects.create(criterion=criterion, trainee=people["trainee"], score=score,
                                        scored_by=people["trainer"])
    ImpactIndicator.objects.create(
        session=session, name="一次修复率", unit="%", before=Decimal("72"), after=Decimal("86"),
        department=Department.objects.filter(code="after-sales").first(), reported_by="周建国（售后部）",
        reported_on=timezone.localdate())
    plan = TrainingPlan.objects.create(
        kind=PlanKind.MONTHLY, title="售后部故障分析专项培训", department=Department.objects.filter(
            code="after-sales").first(), starts_on=timezone.localdate(starts) - datetime.timedelta(days=3),
        ends_on=timezone.localdate(starts) + datetime.timedelta(days=20),
        status=PlanStatus.APPROVED, created_by=people["hr"], decided_by=people["gm"],
        decided_at=starts - datetime.timedelta(days=15), decision_note="同意。")
    line = PlanLine.objects.create(
        plan=plan, course=session.course, content="故障分析实操与考核。", audience="售后部员工",
        starts_on=timezone.localdate(starts), place=session.location, method=PlanMethod.ON_SITE)
    line.trainers.set([session.trainer] if session.trainer_id else [])
    archive = TrainingArchive(session=session, note="实操培训档案：计划、签到、照片、反馈与评估报告。")
    archive.plans = [plan]  # a ParentalManyToManyField: written by save()
    archive.save()
    document = get_document_model().objects.create(title="实操现场照片", file=_photo(), uploaded_by_user=people["hr"])
    ArchiveItem.objects.create(archive=archive, kind=ItemKind.PHOTO, title="实操现场照片", document=document)
    ArchiveLoan.objects.create(archive=archive, borrower=people["secret"],
                               reason="编写售后案例集，参考本次实操记录。", starts_on=timezone.localdate(),
                               ends_on=timezone.localdate() + datetime.timedelta(days=7))
    stdout.write("培训评估与档案演示内容已就绪：/training/archives/ 培训档案。")
