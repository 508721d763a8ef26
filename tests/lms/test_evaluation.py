"""A training's evaluation (002 七): the four measures, the report page and
its PDF, who receives it and sending it, and the observer's scores."""
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail import hooks
from wagtail.models import ModelLogEntry

from lms import evaluation
from lms.evaluation import ExamResult, evaluation_recipients, weighted_score
from lms.models import EvaluationReportSend, ImpactIndicator, ObservationScore, SurveySubmission
from people.models import Notification
from tests.factories import make_user
from tests.lms.builders import delivered
from tests.lms.evaluation_builders import training

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return training()


def _score_all(t, trainee, values):
    criteria = list(t["observation"].criteria.all())
    evaluation.record_scores(t["observation"], t["trainer"], {
        (c.pk, trainee.pk): Decimal(v) for c, v in zip(criteria, values, strict=True)})


class Criterion:
    def __init__(self, pk, weight):
        self.pk, self.weight = pk, Decimal(weight)


def test_the_skill_score_is_the_mean_weighted_by_the_criteria():
    criteria = [Criterion(1, 2), Criterion(2, 3), Criterion(3, 1)]
    # (2*90 + 3*80 + 1*60) / 6 = 80
    assert weighted_score(criteria, {1: Decimal(90), 2: Decimal(80), 3: Decimal(60)}) == Decimal("80.00")
    assert weighted_score(criteria, {1: Decimal(90), 2: Decimal(85), 3: Decimal(78)}) == Decimal("85.50")


def test_the_skill_score_waits_for_every_criterion():
    assert weighted_score([Criterion(1, 1), Criterion(2, 1)], {1: Decimal(90)}) is None


def test_only_the_observer_scores_and_only_attendees_within_0_to_100(t):
    criterion = t["observation"].criteria.first()
    with pytest.raises(PermissionDenied):
        evaluation.record_scores(t["observation"], t["employee"], {(criterion.pk, t["trainee"].pk): Decimal(80)})
    outsider = make_user("outsider_e")
    with pytest.raises(ValidationError):
        evaluation.record_scores(t["observation"], t["trainer"], {(criterion.pk, outsider.pk): Decimal(80)})
    with pytest.raises(ValidationError):
        evaluation.record_scores(t["observation"], t["trainer"], {(criterion.pk, t["trainee"].pk): Decimal(101)})
    assert not ObservationScore.objects.exists()


def test_an_observation_waits_in_the_observers_tasks_until_every_attendee_is_scored(t, login):
    assert list(evaluation.observations_to_score(t["trainer"])) == [t["observation"]]
    _score_all(t, t["trainee"], [90, 85, 78])
    assert list(evaluation.observations_to_score(t["trainer"])) == [t["observation"]]
    page = login(t["trainer"]).get(reverse("my_tasks"))
    assert "技能应用观察待评分" in page.content.decode()
    _score_all(t, t["employee"], [70, 70, 70])
    assert list(evaluation.observations_to_score(t["trainer"])) == []
    assert list(evaluation.observations_to_score(t["employee"])) == []


def test_the_observer_scores_on_the_score_sheet(t, login):
    criteria = list(t["observation"].criteria.all())
    client = login(t["trainer"])
    url = reverse("lms:observation", args=[t["observation"].pk])
    data = {f"score-{c.pk}-{t['trainee'].pk}": v for c, v in zip(criteria, ["90", "85", "78"], strict=True)}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "85.50" in page
    bad = client.post(url, {f"score-{criteria[0].pk}-{t['trainee'].pk}": "九十"})
    assert "得分须为 0 到 100 之间的数字" in bad.content.decode()
    assert login(t["employee"]).get(url).status_code == 403


def test_an_indicator_is_reported_for_a_trainee_or_a_department_not_both(t):
    indicator = ImpactIndicator(session=t["session"], name="一次修复率", before=1, after=2, trainee=t["trainee"],
                                department=t["after_sales"], reported_by="周建国")
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_the_report_gathers_the_four_measures(t):
    _score_all(t, t["trainee"], [90, 85, 78])
    rating = t["session"].survey.get_form_fields()[0].clean_name
    SurveySubmission.objects.create(page=t["session"].survey, user=t["trainee"], session=t["session"],
                                    form_data={rating: 4})
    ImpactIndicator.objects.create(session=t["session"], name="一次修复率", unit="%", before=72, after=86,
                                   department=t["after_sales"], reported_by="周建国")

    def exam_results(session, trainees):
        return [ExamResult(user_id=t["trainee"].pk, exam="结业考试", score=Decimal(88), passed=True),
                ExamResult(user_id=t["employee"].pk, exam="结业考试", score=Decimal(60), passed=False)]

    with hooks.register_temporarily(evaluation.EXAM_RESULTS_HOOK, exam_results):
        report = evaluation.report(t["session"])
    assert report.knowledge_mean == Decimal("74.00") and report.pass_rate == 50.0
    assert report.observations[0]["rows"][0]["weighted"] == Decimal("85.50")
    assert report.survey_count == 1 and report.survey_questions[0].mean == 4
    assert report.indicators[0].change == 14
    assert [bar["value"] for bar in report.charts["impact"]["bars"]] == [72, 86]


def test_recipients_are_the_trainer_and_the_heads_of_the_departments_concerned_once_each(t):
    ImpactIndicator.objects.create(session=t["session"], name="一次修复率", before=72, after=86,
                                   department=t["after_sales"], reported_by="周建国")
    # employee_e (生产部) comes before trainee_e (售后部); 售后部's head is listed once.
    assert evaluation_recipients(t["session"]) == [t["trainer"], t["head_pr"], t["head_as"]]
    t["head_pr"].is_active = False
    t["head_pr"].save()
    assert evaluation_recipients(t["session"]) == [t["trainer"], t["head_as"]]


def test_hr_sends_the_report_as_a_pdf_and_the_sending_is_logged(t, login):
    client = login(t["hr"])
    response = client.post(reverse("lms:evaluation_send", args=[t["session"].pk]))
    assert response.status_code == 302
    assert not mail.outbox  # queued with the sending's record, sent from the outbox
    assert delivered() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["head-as@example.com", "head-pr@example.com",
                                                    "trainer@example.com"]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    record = EvaluationReportSend.objects.get()
    assert record.sent_by == t["hr"] and len(record.recipients) == 3
    assert ModelLogEntry.objects.filter(action="lms.evaluation.send", user=t["hr"]).count() == 1
    assert Notification.objects.filter(user=t["head_as"], url=reverse("lms:evaluation", args=[t["session"].pk]))
    page = client.get(reverse("lms:evaluation", args=[t["session"].pk])).content.decode()
    assert "培训评估报告已发送给" in page and "周建国" in page


def test_sending_needs_the_permission(t, login):
    with pytest.raises(PermissionDenied):
        evaluation.send_report(t["session"], t["trainer"])
    # The trainer reads the report but its send button is not theirs.
    assert login(t["trainer"]).post(reverse("lms:evaluation_send", args=[t["session"].pk])).status_code == 403
    assert not mail.outbox and not EvaluationReportSend.objects.exists()


def test_a_training_without_recipients_is_not_sent(t):
    t["session"].trainer = None
    t["session"].save()
    for department in (t["after_sales"], t["production"]):
        department.head = None
        department.save()
    with pytest.raises(ValidationError):
        evaluation.send_report(t["session"], t["hr"])


def test_the_report_page_draws_each_chart_with_a_table_in_a_fixed_number_of_queries(
        t, login, django_assert_max_num_queries):
    """Measured: 32 queries, the same with one indicator or four (HR's page
    also holds the indicators' form: its rows and the departments, once)."""
    _score_all(t, t["trainee"], [90, 85, 78])
    ImpactIndicator.objects.create(session=t["session"], name="一次修复率", before=72, after=86,
                                   department=t["after_sales"], reported_by="周建国")
    client = login(t["hr"])
    url = reverse("lms:evaluation", args=[t["session"].pk])
    client.get(url)
    with django_assert_max_num_queries(32):
        page = client.get(url).content.decode()
    # Skills and impact have figures; knowledge (no exam) and satisfaction (no answers) say so.
    assert page.count("<svg class=\"chart-svg\"") == 2 and page.count("暂无数据。") == 2
    assert page.count("<figure class=\"chart\"") == 4
    assert "role=\"img\"" in page and "一次修复率" in page
    for name in ("other_1", "other_2", "other_3"):
        ImpactIndicator.objects.create(session=t["session"], name=name, before=1, after=2,
                                       trainee=make_user(name), reported_by="x")
    with django_assert_max_num_queries(32):
        client.get(url)


def test_only_hr_and_the_trainer_read_the_report(t, login):
    url = reverse("lms:evaluation", args=[t["session"].pk])
    assert login(t["trainer"]).get(url).status_code == 200
    assert login(t["employee"]).get(url).status_code == 403
    assert login(t["employee"]).get(reverse("lms:evaluation_pdf", args=[t["session"].pk])).status_code == 403


def test_the_pdf_of_the_report(t, login):
    response = login(t["hr"]).get(reverse("lms:evaluation_pdf", args=[t["session"].pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_the_customers_contact_receives_the_report_of_a_training_their_trainees_attended(t):
    from lms.models import Attendance, AttendanceStatus
    from tests.lms.customer_builders import make_organisation, make_trainee

    customer = make_organisation(contact_email="qian@customer.example.com")
    make_organisation(name="另一家客户", contact_email="other@customer.example.com")
    guest = make_trainee(customer, "guest1")
    t["session"].invitees.add(guest)
    Attendance.objects.create(session=t["session"], user=guest, signed_in_at=t["session"].starts_at,
                              status=AttendanceStatus.PRESENT)

    assert evaluation.customer_contacts(t["session"]) == [customer]
    record = evaluation.send_report(t["session"], t["hr"])
    delivered()

    to_customer = [m for m in mail.outbox if m.to == ["qian@customer.example.com"]]
    assert len(to_customer) == 1 and to_customer[0].attachments[0][2] == "application/pdf"
    assert not [m for m in mail.outbox if m.to == ["other@customer.example.com"]]
    assert {"id": None, "name": f"{customer.name} 钱经理", "email": "qian@customer.example.com"} in record.recipients


def test_a_mail_outage_keeps_the_report_queued_and_it_goes_out_once_when_mail_is_back(t, monkeypatch):
    """SMTP down: the sending is recorded and the mails wait in the outbox;
    the next sweep sends each once, and a later sweep sends nothing again."""
    from django.core.mail.backends.locmem import EmailBackend

    from people.models import QueuedMail

    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    record = evaluation.send_report(t["session"], t["hr"])
    assert delivered() == 0 and not mail.outbox
    assert QueuedMail.objects.filter(sent_at__isnull=True).count() == 3 and record.pk
    monkeypatch.undo()
    assert delivered() == 3 and len(mail.outbox) == 3
    assert delivered() == 0 and len(mail.outbox) == 3
    assert not QueuedMail.objects.filter(sent_at__isnull=True).exists()
