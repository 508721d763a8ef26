"""The trainer pool (客户培训日常管理制度 四): admission by evaluation with the
record kept, regular appraisal, commendation, coaching and removal, each
logged with who, when and why; only pool members teach."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms import trainer_pool
from lms.models import AppraisalKind, Trainer, TrainerStatus, TrainingSession, in_trainer_pool
from people.permissions import HR
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    return Trainer.objects.create(user=make_user("teacher_t", first_name="老师", last_name="李"))


@pytest.fixture
def hr():
    return make_user("hr_t", groups=[HR])


def test_a_candidate_below_the_pass_score_stays_out_and_the_evaluation_is_kept(candidate, hr):
    admitted = trainer_pool.admit(candidate, hr, trial_score=85, case_score=70, trainee_rating=Decimal("4.2"))

    candidate.refresh_from_db()
    assert not admitted and candidate.status == TrainerStatus.CANDIDATE and not in_trainer_pool(candidate.user)
    record = candidate.appraisals.get()
    assert (record.kind, record.score, record.case_score, record.recorded_by) == (AppraisalKind.TRIAL, 85, 70, hr)
    assert "教学案例分析评分低于入库合格分" in record.note


def test_a_candidate_who_passes_is_admitted_and_may_teach(candidate, hr):
    assert trainer_pool.admit(candidate, hr, trial_score=90, case_score=86, note="讲解清楚",
                              on=datetime.date(2026, 3, 1))

    candidate.refresh_from_db()
    assert candidate.status == TrainerStatus.ADMITTED and candidate.admitted_on == datetime.date(2026, 3, 1)
    assert in_trainer_pool(candidate.user)
    assert ModelLogEntry.objects.filter(action="lms.trainer.trial", user=hr).exists()


def test_only_hr_decides_and_scores_are_required(candidate):
    with pytest.raises(PermissionDenied):
        trainer_pool.admit(candidate, make_user("someone_t"), trial_score=90, case_score=90)
    with pytest.raises(ValidationError):
        trainer_pool.admit(candidate, make_user("hr2_t", groups=[HR]), trial_score=90, case_score=None)


def test_appraisal_commendation_and_coaching_are_logged_with_who_when_and_why(candidate, hr):
    trainer_pool.admit(candidate, hr, trial_score=90, case_score=90)
    appraisal = trainer_pool.appraise(candidate, hr, teaching_score=90, satisfaction_score=85, execution_score=80,
                                      note="按计划完成")
    assert appraisal.score == Decimal("85.00")
    trainer_pool.commend(candidate, hr, "年度优秀培训师，颁发荣誉证书")
    trainer_pool.coach(candidate, hr, "课件需更新，安排教学技能培训")
    with pytest.raises(ValidationError):
        trainer_pool.commend(candidate, hr, "  ")

    kinds = list(candidate.appraisals.order_by("pk").values_list("kind", "recorded_by__username"))
    assert kinds == [("trial", "hr_t"), ("appraisal", "hr_t"), ("commendation", "hr_t"), ("coaching", "hr_t")]
    candidate.refresh_from_db()
    assert candidate.last_appraised_on == timezone.localdate()


def test_a_removed_trainer_can_no_longer_be_assigned_to_teach(candidate, hr):
    trainer_pool.admit(candidate, hr, trial_score=90, case_score=90)
    start = timezone.now() + datetime.timedelta(days=2)
    session = TrainingSession(title="课堂", trainer=candidate.user, starts_at=start,
                              ends_at=start + datetime.timedelta(hours=1))
    session.full_clean()

    trainer_pool.remove(candidate, hr, "连续两次考核不达标")

    candidate.refresh_from_db()
    assert candidate.status == TrainerStatus.REMOVED and candidate.removed_reason == "连续两次考核不达标"
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert "师资库成员" in refused.value.message_dict["trainer"][0]
    assert candidate.appraisals.filter(kind=AppraisalKind.REMOVAL, recorded_by=hr).exists()


def test_hr_admits_and_appraises_on_the_trainers_page(candidate, hr, login, django_assert_max_num_queries):
    client = login(hr)
    response = client.post(f"/training/trainers/{candidate.pk}/", {
        "action": "admit", "admit-trial_score": "91", "admit-case_score": "88", "admit-note": "试讲良好"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == TrainerStatus.ADMITTED

    client.post(f"/training/trainers/{candidate.pk}/", {
        "action": "appraise", "appraise-teaching_score": "90", "appraise-satisfaction_score": "92",
        "appraise-execution_score": "88"})
    with django_assert_max_num_queries(40):
        html = client.get(f"/training/trainers/{candidate.pk}/").content.decode()
    assert "试讲良好" in html and "定期考核" in html and "综合 90.00" in html
    assert "李老师" in client.get("/training/trainers/").content.decode()


def test_the_pool_pages_are_hrs(candidate, login):
    client = login(make_user("employee_t"))
    assert client.get("/training/trainers/").status_code == 403
    assert client.get(f"/training/trainers/{candidate.pk}/").status_code == 403
