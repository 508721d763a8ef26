"""Training archives (002 八): records gathered by query, browsing by
project and date, who may view and borrow, loans that need approval, are
logged and returned, and the daily overdue reminder."""
import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms import archives, tasks
from lms.models import ArchiveLoan, Attendance, AttendanceStatus, LoanStatus, TrainingArchive
from people.models import Notification
from tests.factories import make_user
from tests.lms.builders import make_course, make_session
from tests.lms.evaluation_builders import training

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def t():
    return training()


def _loan(t, item=None, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=7)):
    return archives.request_loan(t["archive"], t["employee"], reason="编写案例集", starts_on=starts_on,
                                 ends_on=ends_on, item=item, today=TODAY)


def test_an_unapproved_request_opens_no_file(t, login):
    loan = _loan(t, item=t["item"])
    assert loan.status == LoanStatus.REQUESTED
    assert not archives.may_open_item(t["employee"], t["item"], today=TODAY)
    client = login(t["employee"])
    assert client.get(reverse("lms:archive_item_file", args=[t["item"].pk])).status_code == 403
    # Nor through Wagtail's own document link.
    assert client.get(t["item"].document.url).status_code == 403
    page = client.get(reverse("lms:archive", args=[t["archive"].pk])).content.decode()
    assert "须借阅审批后查看" in page and reverse("lms:archive_item_file", args=[t["item"].pk]) not in page


def test_an_approved_loan_opens_the_file_within_its_period_and_return_closes_it(t, login):
    loan = _loan(t, item=t["item"], starts_on=timezone.localdate())
    archives.decide(loan, t["hr"], approve=True)
    client = login(t["employee"])
    response = client.get(reverse("lms:archive_item_file", args=[t["item"].pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"\x89PNG photo bytes"
    # Wagtail's own document link passes the guard now (its file lookup is the storage's business).
    assert client.get(t["item"].document.url).status_code != 403
    assert not archives.may_open_item(t["employee"], t["item"], today=loan.ends_on + datetime.timedelta(days=1))
    archives.return_loan(loan, t["employee"])
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED and loan.returned_to == t["employee"] and loan.returned_at
    assert client.get(reverse("lms:archive_item_file", args=[t["item"].pk])).status_code == 403


def test_a_whole_archive_loan_shows_its_records(t, login):
    client = login(t["employee"])
    url = reverse("lms:archive", args=[t["archive"].pk])
    assert "签到表" not in client.get(url).content.decode()
    loan = _loan(t, starts_on=timezone.localdate())
    archives.decide(loan, t["hr"], approve=True)
    assert "签到表" in client.get(url).content.decode()


def test_a_rejected_request_opens_nothing_and_needs_a_reason(t):
    loan = _loan(t)
    with pytest.raises(ValidationError):
        archives.decide(loan, t["hr"], approve=False, note="")
    archives.decide(loan, t["hr"], approve=False, note="与工作无关")
    assert not archives.may_open_item(t["employee"], t["item"], today=TODAY)


def test_only_an_approver_decides_never_their_own_and_only_once(t):
    loan = _loan(t)
    with pytest.raises(PermissionDenied):
        archives.decide(loan, t["trainee"], approve=True)
    own = archives.request_loan(t["archive"], t["hr"], reason="核对", starts_on=TODAY, ends_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        archives.decide(own, t["hr"], approve=True)
    archives.decide(loan, t["hr"], approve=True)
    with pytest.raises(ValidationError):
        archives.decide(loan, t["hr"], approve=False, note="改变主意")


def test_a_request_is_checked(t):
    with pytest.raises(PermissionDenied):  # not in a group that may borrow
        archives.request_loan(t["archive"], t["trainee"], reason="x", starts_on=TODAY, ends_on=TODAY, today=TODAY)
    for kwargs in ({"reason": " "}, {"ends_on": TODAY - datetime.timedelta(days=1)},
                   {"starts_on": TODAY - datetime.timedelta(days=1)}, {"ends_on": TODAY + datetime.timedelta(days=120)},
                   {"ends_on": "明天"}):
        with pytest.raises(ValidationError):
            archives.request_loan(t["archive"], t["employee"], **{
                "reason": "编写案例集", "starts_on": TODAY, "ends_on": TODAY, "today": TODAY, **kwargs})
    _loan(t)
    with pytest.raises(ValidationError):  # a second request while one is pending
        _loan(t)


def test_every_step_of_a_loan_is_logged(t):
    loan = _loan(t, starts_on=timezone.localdate())
    archives.decide(loan, t["hr"], approve=True, note="同意")
    archives.return_loan(loan, t["hr"])
    entries = ModelLogEntry.objects.filter(object_id=str(loan.pk)).order_by("timestamp", "pk")
    assert [(e.action, e.user) for e in entries] == [
        ("lms.loan.request", t["employee"]), ("lms.loan.approve", t["hr"]), ("lms.loan.return", t["hr"])]
    loan.refresh_from_db()
    assert loan.decided_by == t["hr"] and loan.decision_note == "同意" and loan.reason == "编写案例集"


def test_only_the_borrower_or_an_approver_returns_a_loan(t):
    loan = _loan(t, starts_on=timezone.localdate())
    with pytest.raises(ValidationError):  # not out yet
        archives.return_loan(loan, t["employee"])
    archives.decide(loan, t["hr"], approve=True)
    with pytest.raises(PermissionDenied):
        archives.return_loan(loan, t["trainee"])


def test_the_pages_enforce_the_rules(t, login):
    employee, hr = login(t["employee"]), login(t["hr"])
    url = reverse("lms:archive_borrow", args=[t["archive"].pk])
    today = timezone.localdate()
    employee.post(url, {"reason": "编写案例集", "starts_on": today.isoformat(),
                        "ends_on": (today + datetime.timedelta(days=3)).isoformat(), "item": t["item"].pk})
    loan = ArchiveLoan.objects.get()
    assert employee.post(reverse("lms:archive_loan_action", args=[loan.pk, "approve"])).status_code == 403
    assert employee.get(reverse("lms:archive_loans")).status_code == 403
    assert "申请借阅" in hr.get(reverse("my_tasks")).content.decode()
    hr.post(reverse("lms:archive_loan_action", args=[loan.pk, "approve"]), {"next": "loans"})
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED
    assert login(make_user("nobody_e")).get(reverse("lms:archives")).status_code == 403


def test_overdue_loans_are_reminded_once_a_day_to_the_borrower_and_the_approver(t):
    loan = _loan(t)
    archives.decide(loan, t["hr"], approve=True)
    due = loan.ends_on
    assert tasks.remind_overdue_loans(due) == 0
    assert tasks.remind_overdue_loans(due + datetime.timedelta(days=1)) == 2
    assert tasks.remind_overdue_loans(due + datetime.timedelta(days=1)) == 0
    assert tasks.remind_overdue_loans((due + datetime.timedelta(days=2)).isoformat()) == 2
    assert Notification.objects.filter(user=t["employee"], title__contains="逾期").count() == 2
    archives.return_loan(loan, t["employee"])
    assert tasks.remind_overdue_loans(due + datetime.timedelta(days=3)) == 0


def test_the_reminder_runs_daily_on_the_beat():
    assert settings.CELERY_BEAT_SCHEDULE["lms-overdue-archive-loans"]["task"] == "lms.tasks.remind_overdue_loans"


def test_the_archive_gathers_the_records_where_they_live(t):
    records = archives.records(t["archive"])
    assert [a.status for a in records["attendances"]] == [AttendanceStatus.PRESENT] * 2
    Attendance.objects.filter(user=t["employee"]).update(status=AttendanceStatus.LATE)
    assert AttendanceStatus.LATE in [a.status for a in archives.records(t["archive"])["attendances"]]
    assert records["items"] == [t["item"]]


def test_the_catalogue_filters_by_project_and_date(t):
    other = make_session(t["trainer"], starts_at=timezone.now() - datetime.timedelta(days=60),
                         course=make_course("安全生产"))
    TrainingArchive.objects.create(session=other)
    assert list(archives.archives()) == [t["archive"], other.archive]
    assert list(archives.archives(project=str(other.course_id))) == [other.archive]
    assert list(archives.archives(project="故障")) == [t["archive"]]
    since = timezone.localdate() - datetime.timedelta(days=10)
    assert list(archives.archives(date_from=since)) == [t["archive"]]
    assert list(archives.archives(date_to=since)) == [other.archive]


def test_the_archive_pages_cost_a_fixed_number_of_queries(t, login, django_assert_max_num_queries):
    """Measured: 21 (list), 28 (archive), 21 (loans) with one archive and
    with five archives and four more loans alike."""
    client = login(t["hr"])
    urls = {reverse("lms:archives"): 21, reverse("lms:archive", args=[t["archive"].pk]): 28,
            reverse("lms:archive_loans"): 21}
    for url in urls:
        client.get(url)
    for url, most in urls.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
    for n in range(4):
        borrower = make_user(f"borrower_{n}", groups=t["employee"].groups.all())
        archives.request_loan(t["archive"], borrower, reason="x", starts_on=TODAY, ends_on=TODAY, today=TODAY)
        other = make_session(t["trainer"], starts_at=timezone.now() - datetime.timedelta(days=n + 5))
        TrainingArchive.objects.create(session=other)
    for url, most in urls.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
