"""The trainer pool 师资库: admission by trial lecture, results of trainees."""
import pytest
from django.core.exceptions import ValidationError

from lms import traineeship
from lms.models import Trainer, TrainerStatus
from lms.trainers import trainee_results

from .builders import approved_table, people

pytestmark = pytest.mark.django_db


def test_admission_needs_a_trial_lecture_score():
    p = people()
    Trainer.objects.filter(user=p["trainer"]).delete()  # people() admits them; start from a candidate
    trainer = Trainer(user=p["trainer"], status=TrainerStatus.ADMITTED)
    with pytest.raises(ValidationError):
        trainer.full_clean()
    trainer.trial_lecture_score = 90
    trainer.full_clean()


def test_results_count_signed_and_disputed_entries_of_the_trainers_trainees():
    p = people()
    table = approved_table(p)
    import datetime

    day = datetime.date(2026, 3, 3)
    signed = traineeship.record_entry(table.current_item, p["trainer"], day, "接线", "良好")
    disputed = traineeship.record_entry(table.current_item, p["trainer"], day, "调试", "良好")
    traineeship.sign(signed, p["trainee"])
    traineeship.dispute(disputed, p["trainee"], "没有调试")

    results = trainee_results(p["trainer"])
    assert (results.trainees, results.entries, results.signed, results.disputed) == (1, 2, 1, 1)


def test_hr_sees_each_trainers_rating_and_trainee_results_in_the_pool(login):
    import datetime

    p = people()
    table = approved_table(p)
    day = datetime.date(2026, 3, 3)
    traineeship.sign(traineeship.record_entry(table.current_item, p["trainer"], day, "接线", "良好"), p["trainee"])
    traineeship.dispute(traineeship.record_entry(table.current_item, p["trainer"], day, "调试", "良好"),
                        p["trainee"], "没有调试")
    assert Trainer.objects.filter(user=p["trainer"], status=TrainerStatus.ADMITTED).exists()  # from people()

    html = login(p["hr"]).get("/admin/snippets/lms/trainer/").content.decode()

    assert "林培训师" in html
    assert "学员 1 人 · 培训记录 2 条（确认 1，异议 1）" in html
