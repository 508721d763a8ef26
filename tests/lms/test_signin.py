"""Sign-in to a session: only inside the window; present, late, left early, absent."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lms import attendance
from lms.models import Attendance, AttendanceStatus
from tests.factories import make_user

from .builders import make_session

pytestmark = pytest.mark.django_db
START = timezone.make_aware(datetime.datetime(2026, 5, 12, 9, 0))


def minutes(n):
    return START + datetime.timedelta(minutes=n)


@pytest.fixture
def session():
    trainer = make_user("trainer_t")
    return make_session(trainer, starts_at=START, minutes=120, invitees=[make_user("a"), make_user("b")])


def test_sign_in_before_the_window_opens_is_refused(session):
    with pytest.raises(ValidationError, match="签到尚未开始"):
        attendance.sign_in(session, make_user("early"), session.signin_token, now=minutes(-16))
    assert not Attendance.objects.exists()


def test_sign_in_after_the_session_is_refused(session):
    with pytest.raises(ValidationError, match="签到已结束"):
        attendance.sign_in(session, make_user("late"), session.signin_token, now=minutes(121))


def test_a_wrong_token_is_refused(session):
    with pytest.raises(PermissionDenied):
        attendance.sign_in(session, make_user("guess"), "guessed", now=minutes(0))


def test_on_time_is_present_and_after_the_grace_minutes_late(session):
    on_time = attendance.sign_in(session, make_user("p1"), session.signin_token, now=minutes(-15))
    just = attendance.sign_in(session, make_user("p2"), session.signin_token, now=minutes(5))
    late = attendance.sign_in(session, make_user("p3"), session.signin_token, now=minutes(6))
    assert (on_time.status, just.status, late.status) == (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT,
                                                          AttendanceStatus.LATE)


def test_signing_out_before_the_end_is_leaving_early(session):
    user = make_user("leaver")
    attendance.sign_in(session, user, session.signin_token, now=minutes(0))
    record = attendance.sign_out(session, user, session.signin_token, now=minutes(100))
    assert record.status == AttendanceStatus.LEFT_EARLY


def test_signing_in_twice_keeps_the_first_time(session):
    user = make_user("twice")
    attendance.sign_in(session, user, session.signin_token, now=minutes(0))
    again = attendance.sign_in(session, user, session.signin_token, now=minutes(30))
    assert again.signed_in_at == minutes(0) and again.status == AttendanceStatus.PRESENT


def test_closing_the_register_marks_invitees_who_never_came_absent(session):
    came = session.invitees.get(username="a")
    attendance.sign_in(session, came, session.signin_token, now=minutes(0))
    with pytest.raises(ValidationError):
        attendance.close_register(session, now=minutes(60))

    attendance.close_register(session, now=minutes(121))

    statuses = dict(session.attendances.values_list("user__username", "status"))
    assert statuses == {"a": AttendanceStatus.PRESENT, "b": AttendanceStatus.ABSENT}


def test_the_sign_in_page_refuses_outside_the_window(login):
    trainer = make_user("trainer_t")
    past = make_session(trainer, starts_at=timezone.now() - datetime.timedelta(hours=3), minutes=60)
    client = login(make_user("student"))

    response = client.post(past.signin_path())

    assert response.status_code == 403
    assert "签到已结束" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_sign_in_page_works_during_the_session_and_the_trainer_sees_the_qr_code(login):
    trainer = make_user("trainer_t")
    live = make_session(trainer, starts_at=timezone.now() - datetime.timedelta(minutes=1))
    student = make_user("student")

    login(student).post(live.signin_path())
    page = login(trainer).get(live.get_absolute_url()).content.decode()

    assert Attendance.objects.get(user=student).status == AttendanceStatus.PRESENT
    assert "data:image/svg+xml;base64," in page and live.signin_token in page
