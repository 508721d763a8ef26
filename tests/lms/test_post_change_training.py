"""Promotion or transfer: three months in the new post, a work summary, a review."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms import post_change
from lms.models import ChangeKind, PostChangeTraining, ReviewResult
from tests.factories import DepartmentFactory, make_user
from tests.lms.builders import delivered

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    head = make_user("head")
    department = DepartmentFactory(code="after-sales", name="售后部", head=head)
    person = make_user("promoted")
    record = PostChangeTraining.objects.create(person=person, kind=ChangeKind.PROMOTION, to_department=department,
                                               starts_on=datetime.date(2026, 1, 31))
    post_change.announce(record)  # as the admin does when HR records the change
    return record


def test_the_training_period_is_three_months(record):
    assert record.ends_on == datetime.date(2026, 4, 30)


def test_the_summary_is_handed_in_at_the_end_of_the_period(record):
    with pytest.raises(ValidationError):
        post_change.submit_summary(record, record.person, "总结", today=datetime.date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        post_change.submit_summary(record, make_user("other"), "总结", today=datetime.date(2026, 4, 30))

    post_change.submit_summary(record, record.person, "三个月工作总结", today=datetime.date(2026, 4, 20))
    assert record.summary_submitted_at is not None


def test_the_review_is_by_the_new_departments_head_or_hr_not_the_person(record):
    post_change.submit_summary(record, record.person, "总结", today=datetime.date(2026, 4, 30))
    with pytest.raises(PermissionDenied):
        post_change.review(record, record.person, ReviewResult.CONFIRMED)

    post_change.review(record, record.to_department.head, ReviewResult.CONFIRMED, "同意正式任命")
    assert record.review_result == ReviewResult.CONFIRMED
    with pytest.raises(ValidationError):
        post_change.submit_summary(record, record.person, "改写", today=datetime.date(2026, 5, 1))


def test_the_person_is_told_of_the_period_and_the_reviewers_of_the_summary(record):
    from people.models import Notification

    hr = make_user("hr_t", groups=["人资部"])
    delivered()
    assert Notification.objects.filter(user=record.person, title__contains="期满提交工作总结").exists()

    post_change.submit_summary(record, record.person, "三个月工作总结", today=datetime.date(2026, 4, 25))
    delivered()
    for reviewer in (record.to_department.head, hr):
        assert Notification.objects.filter(user=reviewer, title__contains="请审核").exists()
    assert list(post_change.awaiting_review_by(record.to_department.head)) == [record]
    assert not post_change.awaiting_review_by(make_user("someone_else")).exists()


def test_the_head_reviews_from_my_learning_and_the_person_hears_the_result(record, login):
    from people.models import Notification

    post_change.submit_summary(record, record.person, "三个月工作总结", today=datetime.date(2026, 4, 25))
    head = login(record.to_department.head)

    queue = head.get("/my/learning/").content.decode()
    assert "待我审核的工作总结" in queue and record.get_absolute_url() in queue
    head.post(record.get_absolute_url(), {"action": "review", "result": "nonsense"})
    record.refresh_from_db()
    assert record.reviewed_at is None, "an unknown result is refused"
    head.post(record.get_absolute_url(), {"action": "review", "result": ReviewResult.CONFIRMED, "note": "同意任命"})

    record.refresh_from_db()
    assert record.review_result == ReviewResult.CONFIRMED
    delivered()
    assert Notification.objects.filter(user=record.person, title__contains="考核通过，正式任命").exists()
    assert "待我审核的工作总结" not in head.get("/my/learning/").content.decode()


def test_the_person_hands_in_the_summary_on_the_page(record, login):
    from django.utils import timezone

    record.starts_on = timezone.localdate() - datetime.timedelta(days=85)
    record.ends_on = None
    record.save()
    login(record.person).post(record.get_absolute_url(), {"action": "summary", "summary": "新岗位三个月的工作总结"})

    record.refresh_from_db()
    assert record.summary == "新岗位三个月的工作总结" and record.summary_submitted_at is not None


def test_a_change_recorded_in_the_admin_tells_the_person_of_the_period(login):
    from people.models import Notification

    department = DepartmentFactory(code="technical", name="技术部")
    person = make_user("transferred")
    hr = make_user("hr_t", groups=["人资部"])

    response = login(hr).post("/admin/snippets/lms/postchangetraining/add/", {
        "person": person.pk, "kind": ChangeKind.TRANSFER, "to_department": department.pk,
        "starts_on": "2026-01-31", "ends_on": "", "new_post": "",
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    record = PostChangeTraining.objects.get(person=person)
    assert record.ends_on == datetime.date(2026, 4, 30)
    delivered()
    told = Notification.objects.get(user=person)
    assert "调岗培训期：2026-01-31 至 2026-04-30" in told.title and told.url == record.get_absolute_url()
