"""The evaluation report per customer (002 七(三)): one action produces the
PDF of the customer's trainees' attendance, exam results and satisfaction,
emails it to the contact and logs the sending."""
import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assessments.models import AttemptStatus, ExamAttempt
from lms import attendance, customer_report
from lms.models import CustomerReport, SurveySubmission
from people.permissions import HR
from tests.factories import make_exam, make_question, make_user

from .builders import make_session, make_survey, people
from .customer_builders import make_organisation, make_trainee

pytestmark = pytest.mark.django_db
START = timezone.make_aware(datetime.datetime(2026, 6, 2, 9, 0))


@pytest.fixture
def world():
    crew = people()
    ours, theirs = make_organisation("华东精密机械有限公司"), make_organisation("西北重工股份公司")
    a, b = make_trainee(ours, "rep_a", "明", "李"), make_trainee(ours, "rep_b", "华", "张")
    other = make_trainee(theirs, "rep_other", "他客", "欧阳")
    survey = make_survey()
    session = make_session(crew["trainer"], starts_at=START, invitees=[a, b, other], survey=survey)
    attendance.sign_in(session, a, session.signin_token, now=START)
    attendance.sign_in(session, other, session.signin_token, now=START)
    attendance.mark(session, b, "leave", by=crew["trainer"], reason="病假")
    rating, comments = (f.clean_name for f in survey.get_form_fields())
    SurveySubmission.objects.create(page=survey, user=a, session=session,
                                    form_data={rating: 4, comments: "希望多安排实操"})
    exam = make_exam([make_question()], title="客户结业测验")
    ExamAttempt.objects.create(exam=exam, user=a, status=AttemptStatus.FINAL, started_at=START, deadline=START,
                               seed=1, score=90, passed=True, finalised_at=START)
    hr = make_user("hr_report", groups=[HR])
    return {"crew": crew, "org": ours, "a": a, "b": b, "other": other, "hr": hr, "survey": survey}


def test_the_report_has_each_trainee_s_attendance_exam_and_satisfaction(world):
    rows = customer_report.build(world["org"])
    assert [r.name for r in rows] == ["李明", "张华"]  # the other customer's trainee is not in it
    first, second = rows
    assert first.attendance_counts()["出勤"] == 1 and second.attendance_counts()["请假"] == 1
    assert [(e.exam, e.score, e.passed) for e in first.exams] == [("客户结业测验", 90, True)]
    session, mean, comments = first.surveys[0]
    assert mean == 4 and comments == "希望多安排实操"
    assert second.exams == [] and second.surveys == []


def test_sending_mails_the_pdf_to_the_contact_and_logs_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = customer_report.send(world["org"], by=world["hr"])
    message = mail.outbox[0]
    assert message.to == [world["org"].contact_email] and "华东精密机械有限公司" in message.subject
    name, data, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and data.startswith(b"%PDF") and name == record.filename
    assert record.trainees == 2 and record.sent_by == world["hr"]
    assert ModelLogEntry.objects.filter(action="lms.customer.report", object_id=str(world["org"].pk)).exists()


def test_the_pdf_names_the_trainees_and_their_results(world):
    from pypdf import PdfReader  # noqa: I001 (weasyprint's test dependency)
    import io

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(customer_report.report_pdf(world["org"]))).pages)
    assert "李明" in text and "张华" in text and "客户结业测验" in text and "病假" in text
    assert "欧阳" not in text


def test_only_who_holds_the_permission_sends_it(world):
    with pytest.raises(PermissionDenied):
        customer_report.send(world["org"], by=world["crew"]["trainer"])
    assert not CustomerReport.objects.exists() and mail.outbox == []


def test_a_customer_without_trainees_has_nothing_to_send(world):
    with pytest.raises(ValidationError, match="还没有学员"):
        customer_report.send(make_organisation("空客户"), by=world["hr"])


def test_hr_previews_and_sends_from_the_admin(world, login, django_capture_on_commit_callbacks):
    Group.objects.get(name=HR).permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(world["hr"])
    url = f"/admin/lms/customers/{world['org'].pk}/report/"
    page = client.get(url).content.decode()
    assert "李明" in page and "张华" in page and "欧阳" not in page
    preview = client.get(url + "?pdf=1")
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert len(mail.outbox) == 1 and CustomerReport.objects.count() == 1
    listing = client.get("/admin/snippets/people/customerorganisation/").content.decode()
    assert "评估报告" in listing and "邀请学员" in listing and "批量导入学员" in listing


@pytest.mark.parametrize("listing", ["people/customerorganisation", "people/externaltrainee",
                                     "people/traineeinvitation", "lms/customerreport"])
def test_the_customer_listings_cost_the_same_for_many_rows(world, login, listing, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms import customer_accounts

    Group.objects.get(name=HR).permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(world["hr"])
    url = f"/admin/snippets/{listing}/"

    def add_rows(first, last):
        for n in range(first, last):
            organisation = make_organisation(f"客户{n}")
            make_trainee(organisation, f"many_{n}")
            customer_accounts.invite(organisation, email=f"inv{n}@customer.example.com", full_name="李明",
                                     by=world["hr"])
            CustomerReport.objects.create(organisation=organisation, sent_by=world["hr"], sent_to="x@example.com",
                                          filename="r.pdf")

    def cost():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add_rows(0, 2)
    few, _page = cost()
    add_rows(2, 10)
    many, page = cost()
    assert "客户9" in page
    assert many == few, (few, many)
    with django_assert_max_num_queries(40):
        client.get(url)
