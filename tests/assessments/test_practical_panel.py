"""Practical exams 实际操作考核: a panel scores independently and blind; the
result is the mean of the examiners' totals on a 0–100 scale; a large spread
is flagged; a submitted sheet never changes; examiners open only their own
exams; a failed exam can be retaken (补考)."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments import scoring
from assessments.models import PracticalExam, ScoreSheet
from people.records import ImmutableRecordError
from tests.factories import make_practical_exam, make_user, rubric_task, score_all

pytestmark = pytest.mark.django_db

D = Decimal


def two_task_exam(**kwargs):
    """Rubric worth 50 points in all: 安装 20 + 维修 30."""
    tasks = [rubric_task("install", "安装送料机构", [("定位准确", 10), ("紧固到位", 10)]),
             rubric_task("repair", "排除主轴异响", [("判断故障原因", 15), ("修复后试机", 15)])]
    return make_practical_exam(tasks=tasks, **kwargs)


def points_for(exam, *values):
    return {item_id: str(v) for (*_x, item_id, _item), v in zip(exam.rubric(), values)}


def test_the_result_is_the_mean_of_the_examiners_totals_on_a_100_point_scale():
    exam = two_task_exam()
    score_all(exam, [45, 40, D("42.5"), D("42.5"), D("42.5")])  # 90, 80, 85, 85, 85 out of 100
    exam.refresh_from_db()
    assert exam.is_final
    assert exam.score == D("85.00")
    assert exam.spread == D("10.00")
    assert exam.passed is True
    assert exam.spread_flagged is False


def test_a_mean_that_does_not_terminate_is_truncated_never_rounded_up_to_a_pass():
    exam = make_practical_exam()  # 100-point rubric
    score_all(exam, [D("79.99"), D("79.99"), D("79.99"), D("80.00"), D("80.00")])  # mean 79.994
    exam.refresh_from_db()
    assert exam.score == D("79.99")
    assert exam.passed is False


def test_below_the_pass_mark_from_the_scheme_fails_and_80_passes():
    failing, passing = make_practical_exam(), make_practical_exam()
    assert failing.pass_mark == D("80.00")  # from the seeded scheme
    score_all(failing, [D("79.99")] * 5)
    score_all(passing, [80] * 5)
    failing.refresh_from_db(), passing.refresh_from_db()
    assert failing.passed is False and failing.get_status_display() == "不合格"
    assert passing.passed is True and passing.get_status_display() == "合格"


@pytest.mark.parametrize("scores, flagged", [((80, 95), True), ((80, D("94.99")), False), ((70, 100), True)])
def test_a_spread_of_15_points_or_more_between_examiners_is_flagged(scores, flagged):
    exam = make_practical_exam()
    score_all(exam, [*scores, 90, 90, 90])
    exam.refresh_from_db()
    assert exam.spread_flagged is flagged


def test_the_spread_threshold_is_configurable_per_exam():
    exam = make_practical_exam(spread_threshold=D("5"))
    score_all(exam, [80, 86, 83, 83, 83])
    exam.refresh_from_db()
    assert exam.spread == D("6.00") and exam.spread_flagged is True


def test_the_exam_is_not_final_until_every_examiner_has_submitted():
    exam = make_practical_exam()
    score_all(exam, [90, 90])  # two of five
    exam.refresh_from_db()
    assert not exam.is_final and exam.score is None and exam.passed is None


def test_an_examiner_sees_only_their_own_scores_until_the_panel_is_complete(login):
    exam = two_task_exam()
    first, second, third, fourth, fifth = [a.examiner for a in exam.examiners.order_by("sort_order")]
    scoring.submit_sheet(exam, first, points_for(exam, "7.25", "8.5", "11.75", "9.5"))   # total 37.00
    scoring.submit_sheet(exam, second, points_for(exam, "9.75", "6.5", "13.25", "14.5"))  # total 44.00
    url = reverse("practical:score_sheet", args=[exam.pk])

    first_page = login(first).get(url).content.decode()
    assert "7.25" in first_page and "37.00" in first_page
    assert "9.75" not in first_page and "44.00" not in first_page and "13.25" not in first_page
    second_page = login(second).get(url).content.decode()
    assert "44.00" in second_page and "37.00" not in second_page and "7.25" not in second_page
    waiting = login(third).get(url).content.decode()
    assert not any(v in waiting for v in ("7.25", "37.00", "9.75", "44.00"))
    assert scoring.visible_sheets(exam, third) == []

    scoring.submit_sheet(exam, third, points_for(exam, 10, 10, 10, 10))  # total 40
    scoring.submit_sheet(exam, fourth, points_for(exam, 10, 10, 10, 10))
    assert scoring.visible_sheets(exam, first)[0].examiner == first and len(scoring.visible_sheets(exam, first)) == 1
    scoring.submit_sheet(exam, fifth, points_for(exam, 10, 10, "10.25", 10))  # total 40.25
    after = login(first).get(url).content.decode()
    assert "37.00" in after and "44.00" in after and "40.00" in after
    assert "平均成绩 80.50 分" in after  # 74, 88, 80, 80 and 80.5
    assert "分差 14.00 分" in after


def test_a_submitted_sheet_cannot_be_submitted_again_or_changed(login):
    exam = make_practical_exam()
    examiner = exam.examiners.first().examiner
    sheet = score_all(exam, [70])[0]
    with pytest.raises(scoring.ScoringError):
        scoring.submit_sheet(exam, examiner, points_for(exam, 40, 60))
    client = login(examiner)
    response = client.post(reverse("practical:score_sheet", args=[exam.pk]),
                           {f"item-{k}": v for k, v in points_for(exam, 40, 60).items()})
    assert response.status_code == 400
    assert "您已提交过评分" in response.content.decode()
    sheet.total = D(100)
    with pytest.raises(ImmutableRecordError):
        sheet.save()
    with pytest.raises(ImmutableRecordError):
        ScoreSheet.objects.filter(pk=sheet.pk).update(total=100)
    with pytest.raises(ImmutableRecordError):
        sheet.lines.first().delete()
    assert ScoreSheet.objects.get(pk=sheet.pk).total == D("70.00")
    assert ScoreSheet.objects.filter(exam=exam, examiner=examiner).count() == 1


def test_an_examiner_submits_the_score_sheet_through_the_page(login):
    exam = two_task_exam()
    examiner = exam.examiners.first().examiner
    client = login(examiner)
    url = reverse("practical:score_sheet", args=[exam.pk])
    form = client.get(url)
    assert form.status_code == 200 and "提交评分" in form.content.decode()
    data = {f"item-{k}": v for k, v in points_for(exam, 9, 8, 12, 14).items()}
    response = client.post(url, {**data, "comment": "操作规范"})
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(exam=exam, examiner=examiner)
    assert sheet.total == D("43.00") and sheet.score == D("86") and sheet.comment == "操作规范"
    assert "提交评分" not in client.get(url).content.decode()


def test_points_outside_an_items_range_are_refused_and_nothing_is_saved(login):
    exam = two_task_exam()
    examiner = exam.examiners.first().examiner
    with pytest.raises(scoring.ScoringError) as error:
        scoring.submit_sheet(exam, examiner, points_for(exam, 11, 8, 12, 14))  # 11 > 10
    assert "0 到 10" in str(error.value)
    response = login(examiner).post(reverse("practical:score_sheet", args=[exam.pk]),
                                    {f"item-{k}": v for k, v in points_for(exam, "", "x", 12, -1).items()})
    assert response.status_code == 400
    assert not ScoreSheet.objects.exists()


def test_scores_cannot_be_submitted_before_hr_opens_the_exam():
    exam = make_practical_exam(open_for_scoring=False)
    with pytest.raises(scoring.ScoringError, match="尚未开放"):
        score_all(exam, [90])


def test_examiners_open_only_the_exams_assigned_to_them(login):
    exam = make_practical_exam()
    other_exam = make_practical_exam()
    examiner = exam.examiners.first().examiner
    client = login(examiner)
    assert client.get(reverse("practical:score_sheet", args=[other_exam.pk])).status_code == 403
    post = client.post(reverse("practical:score_sheet", args=[other_exam.pk]),
                       {f"item-{k}": 50 for k in points_for(other_exam, 0, 0)})
    assert post.status_code == 403
    assert not ScoreSheet.objects.filter(exam=other_exam).exists()
    for outsider in (make_user(), exam.trainee, make_user(groups=["人资部"])):
        assert login(outsider).get(reverse("practical:score_sheet", args=[exam.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        scoring.submit_sheet(other_exam, examiner, {})
    listing = client.get(reverse("practical:my_examinations")).content.decode()
    assert str(exam.trainee.last_name) in listing
    assert str(other_exam.trainee.last_name) not in listing


def test_a_retake_is_a_new_exam_linked_to_the_failed_one():
    exam = make_practical_exam()
    score_all(exam, [60, 70, 75, 70, 70])
    exam.refresh_from_db()
    retake = scoring.create_retake(exam, make_user(groups=["人资部"]))
    assert retake.pk != exam.pk and retake.retake_of == exam and retake.attempt == 2
    assert retake.trainee == exam.trainee and retake.machine_model == exam.machine_model
    assert not retake.is_final and not retake.open_for_scoring
    assert [i[3] for i in retake.rubric()] == [i[3] for i in exam.rubric()]
    assert set(retake.examiners.values_list("examiner", flat=True)) == set(exam.examiners.values_list("examiner", flat=True))
    PracticalExam.objects.filter(pk=retake.pk).update(open_for_scoring=True)
    retake.refresh_from_db()
    score_all(retake, [85, 85, 88, 85, 85])
    retake.refresh_from_db()
    exam.refresh_from_db()
    assert retake.passed is True and exam.passed is False  # the failed original stays on record


def test_only_a_final_failed_exam_can_be_retaken():
    passed, pending = make_practical_exam(), make_practical_exam()
    score_all(passed, [90] * 5)
    passed.refresh_from_db()
    for exam in (passed, pending):
        with pytest.raises(ValidationError):
            scoring.create_retake(exam)
