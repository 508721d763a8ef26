"""Promotion or transfer: three months in the new post, a work summary, a review."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.models import ChangeKind, PostChangeTraining, ReviewResult
from tests.factories import DepartmentFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    head = make_user("head")
    department = DepartmentFactory(code="after-sales", name="售后部", head=head)
    person = make_user("promoted")
    return PostChangeTraining.objects.create(person=person, kind=ChangeKind.PROMOTION, to_department=department,
                                             starts_on=datetime.date(2026, 1, 31))


def test_the_training_period_is_three_months(record):
    assert record.ends_on == datetime.date(2026, 4, 30)


def test_the_summary_is_handed_in_at_the_end_of_the_period(record):
    with pytest.raises(ValidationError):
        record.submit_summary(record.person, "总结", today=datetime.date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        record.submit_summary(make_user("other"), "总结", today=datetime.date(2026, 4, 30))

    record.submit_summary(record.person, "三个月工作总结", today=datetime.date(2026, 4, 20))
    assert record.summary_submitted_at is not None


def test_the_review_is_by_the_new_departments_head_or_hr_not_the_person(record):
    record.submit_summary(record.person, "总结", today=datetime.date(2026, 4, 30))
    with pytest.raises(PermissionDenied):
        record.review(record.person, ReviewResult.CONFIRMED)

    record.review(record.to_department.head, ReviewResult.CONFIRMED, "同意正式任命")
    assert record.review_result == ReviewResult.CONFIRMED
    with pytest.raises(ValidationError):
        record.submit_summary(record.person, "改写", today=datetime.date(2026, 5, 1))
