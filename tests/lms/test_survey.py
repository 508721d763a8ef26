"""Satisfaction surveys: attendees answer once per session; HR sees a summary and a CSV."""
import datetime

import pytest
from django.utils import timezone

from lms import attendance
from lms.models import SurveySubmission, Trainer, TrainerStatus
from lms.trainers import trainer_rating
from tests.factories import make_user

from .builders import make_session, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    survey = make_survey()
    trainer = make_user("trainer_t", first_name="培训师", last_name="林")
    student = make_user("student")
    session = make_session(trainer, starts_at=timezone.now() - datetime.timedelta(minutes=1), survey=survey,
                           invitees=[student])
    attendance.sign_in(session, student, session.signin_token)
    return survey, session, trainer, student


def field_names(survey):
    return [f.clean_name for f in survey.get_form_fields()]


def test_an_attendee_answers_once_per_session(setup, login):
    survey, session, trainer, student = setup
    client = login(student)
    names = field_names(survey)
    data = {"session": session.pk, names[0]: "4", names[1]: "讲得清楚"}

    first = client.post(f"{survey.url}?session={session.pk}", data)
    second = client.post(f"{survey.url}?session={session.pk}", data)

    assert first.status_code == 200 and "感谢您的反馈" in first.content.decode()
    assert second.status_code == 403 and "只能填写一次" in second.content.decode()
    submission = SurveySubmission.objects.get()
    assert submission.user == student and submission.session == session
    assert submission.form_data[names[0]] == 4


def test_the_database_refuses_a_second_answer_too(setup):
    survey, session, trainer, student = setup
    from django.db import IntegrityError, transaction

    SurveySubmission.objects.create(page=survey, user=student, session=session, form_data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveySubmission.objects.create(page=survey, user=student, session=session, form_data={})


def test_someone_who_did_not_attend_cannot_answer(setup, login):
    survey, session, trainer, student = setup
    response = login(make_user("absentee")).get(f"{survey.url}?session={session.pk}")
    assert response.status_code == 403 and "签到参加" in response.content.decode()


def test_hr_sees_the_summary_and_exports_csv_and_the_trainer_gets_the_rating(setup, login):
    survey, session, trainer, student = setup
    names = field_names(survey)
    login(student).post(f"{survey.url}?session={session.pk}", {"session": session.pk, names[0]: "5"})
    other = make_user("other")
    attendance.sign_in(session, other, session.signin_token)
    login(other).post(f"{survey.url}?session={session.pk}", {"session": session.pk, names[0]: "3"})
    hr = login(make_user("hr_t", groups=["人资部"]))

    summary = hr.get(f"/admin/lms/surveys/{survey.pk}/").content.decode()
    csv = hr.get(f"/admin/lms/surveys/{survey.pk}/csv/").content.decode("utf-8-sig")

    assert "平均分 4.0（2 人作答）" in summary
    lines = csv.strip().splitlines()
    assert lines[0].startswith("培训课堂,培训师,填写人,提交时间,培训内容是否实用")
    assert len(lines) == 3 and "林培训师" in lines[1]
    pool = Trainer.objects.create(user=trainer, status=TrainerStatus.CANDIDATE)
    assert trainer_rating(pool.user) == 4.0


def test_only_hr_reads_the_results(setup, login):
    survey, session, trainer, student = setup
    assert login(student).get(f"/admin/lms/surveys/{survey.pk}/csv/").status_code in (302, 403)
