"""The evaluation report per customer (002 七(三)): for every trainee of a
customer organisation, their attendance, exam results and satisfaction
answers, as one PDF mailed to the customer's contact; each sending is
logged (:class:`lms.models.CustomerReport`).

Exam results belong to the assessments app, which stands above this one:
it contributes them through the ``register_exam_results`` hook, a function
``(users) -> [ExamResult]``."""
import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from people.mailing import queue_mail
from people.models import person_name

from . import pdf
from .customers import customers_trainees
from .models import Attendance, AttendanceStatus, CustomerReport, Enrolment, SurveySubmission
from .models.sessions import RATING

EXAM_RESULTS_HOOK = "register_exam_results"
SEND = "people.send_customer_report"


@dataclasses.dataclass
class ExamResult:
    """One final exam result, as the assessments app reports it."""

    user_id: int
    exam: str
    score: object
    passed: bool
    at: datetime.datetime = None


@dataclasses.dataclass
class TraineeReport:
    user: object
    courses: list
    attendances: list
    exams: list
    surveys: list  # [(session, mean rating or None, comments)]

    @property
    def name(self):
        return person_name(self.user)

    def attendance_counts(self):
        counts = {label: 0 for _value, label in AttendanceStatus.choices}
        for row in self.attendances:
            counts[row.get_status_display()] += 1
        return counts


def _survey_rows(submissions):
    rows = []
    for submission in submissions:
        data = submission.form_data
        fields = submission.page.specific.get_form_fields()
        ratings = [int(data[f.clean_name]) for f in fields if f.field_type == RATING and data.get(f.clean_name)]
        comments = "；".join(str(data[f.clean_name]) for f in fields
                            if f.field_type in ("multiline", "singleline") and data.get(f.clean_name))
        mean = round(sum(ratings) / len(ratings), 1) if ratings else None
        rows.append((submission.session, mean, comments))
    return rows


def build(organisation):
    """The report's rows, one :class:`TraineeReport` per trainee (by username)."""
    trainees = list(customers_trainees(organisation).order_by("username"))
    ids = [u.pk for u in trainees]
    exams = {}
    for gather in hooks.get_hooks(EXAM_RESULTS_HOOK):
        for result in gather(trainees):
            exams.setdefault(result.user_id, []).append(result)
    attendances, courses, surveys = {}, {}, {}
    for row in Attendance.objects.filter(user_id__in=ids).select_related("session").order_by("session__starts_at"):
        attendances.setdefault(row.user_id, []).append(row)
    for enrolment in Enrolment.objects.filter(user_id__in=ids).select_related("course").order_by("enrolled_at"):
        courses.setdefault(enrolment.user_id, []).append(enrolment)
    submissions = SurveySubmission.objects.filter(user_id__in=ids).select_related("session", "page")
    for submission in submissions.order_by("submit_time"):
        surveys.setdefault(submission.user_id, []).append(submission)
    return [TraineeReport(u, courses.get(u.pk, []), attendances.get(u.pk, []), exams.get(u.pk, []),
                         _survey_rows(surveys.get(u.pk, []))) for u in trainees]


def report_pdf(organisation, now=None):
    now = now or timezone.now()
    return pdf.render("lms/pdf/customer_report.html", {
        "organisation": organisation, "rows": build(organisation), "printed_at": now,
        "statuses": [label for _value, label in AttendanceStatus.choices]})


def filename(organisation, now):
    return f"training-report-{organisation.pk}-{timezone.localtime(now):%Y%m%d}.pdf"


@transaction.atomic
def send(organisation, *, by, now=None):
    """HR sends ``organisation``'s evaluation report to its contact: the PDF
    attached to an email, the sending logged. Returns the log row."""
    if not by.has_perm(SEND):
        raise PermissionDenied(_("只有培训主管部门可以向客户发送评估报告。"))
    if not organisation.contact_email:
        raise ValidationError(_("客户单位没有联系人邮箱，请先补充。"))
    trainees = customers_trainees(organisation).count()
    if not trainees:
        raise ValidationError(_("该客户单位还没有学员，没有可报告的内容。"))
    now = now or timezone.now()
    data = report_pdf(organisation, now)
    name = filename(organisation, now)
    queue_mail(
        f"[{settings.PORTAL_NAME}] " + _("培训评估报告：%(org)s") % {"org": organisation.name},
        _("%(contact)s，您好：\n\n附件是贵单位 %(n)d 名学员的培训评估报告（考勤、考试成绩与满意度）。\n\n%(portal)s") % {
            "contact": organisation.contact_name, "n": trainees, "portal": settings.PORTAL_NAME},
        [organisation.contact_email], (name, data, "application/pdf"))
    record = CustomerReport.objects.create(organisation=organisation, sent_by=by, sent_to=organisation.contact_email,
                                           sent_at=now, trainees=trainees, filename=name)
    log(instance=organisation, action="lms.customer.report", user=by,
        data={"sent_to": organisation.contact_email, "trainees": trainees})
    return record
