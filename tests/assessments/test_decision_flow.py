"""From exam results to a grade: when a trainee's practical exam is final and
a written score exists, the system proposes a grade (decisions.record_decision);
nothing about their grade or pay changes until HR confirms it."""
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail import hooks

from assessments import decisions, proposals, scoring
from assessments.models import GradeDecision, PracticalExam
from tests.factories import make_practical_exam, make_qualification, make_user, score_all

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def written_scores():
    """A stand-in written-exam source: person → score."""
    scores = {}
    with hooks.register_temporarily(proposals.WRITTEN_SCORE_HOOK, lambda person: scores.get(person.pk)):
        yield scores


def test_a_final_practical_with_a_written_score_proposes_a_grade_that_changes_nothing_yet(written_scores):
    trainee = make_user()
    make_qualification(trainee, education="bachelor", product_series=3, years_experience=3)
    written_scores[trainee.pk] = D("95")
    exam = make_practical_exam(trainee=trainee)
    score_all(exam, [93, 92, 94, 93, 93])

    decision = GradeDecision.objects.get(person=trainee)
    assert decision.status == "proposed"
    assert decision.written_score == D("95") and decision.practical_score == D("93")
    assert decision.proposed_grade == "engineer_mid"  # mean 94
    assert f"#{exam.pk}" in decision.note
    assert decisions.current_grade(trainee) == "reserve"
    assert decisions.current_pay(trainee).total == D("0.00")


def test_pay_changes_only_when_hr_confirms_the_proposal(written_scores):
    trainee = make_user()
    make_qualification(trainee, track="full_time")
    written_scores[trainee.pk] = 95
    score_all(make_practical_exam(trainee=trainee), [93, 93, 93, 93, 93])
    hr = make_user(groups=["人资部"])
    decisions.confirm(GradeDecision.objects.get(person=trainee), hr)
    assert decisions.current_grade(trainee) == "engineer_mid"
    assert decisions.current_pay(trainee).total == D("3200.00")
    assert decisions.grade_history(trainee).get().confirmed_by == hr


def test_without_a_written_score_nothing_is_proposed_until_one_exists(written_scores):
    trainee = make_user()
    make_qualification(trainee)
    score_all(make_practical_exam(trainee=trainee), [88, 88, 88, 88, 88])
    assert not GradeDecision.objects.filter(person=trainee).exists()
    assert proposals.propose_grade_if_ready(trainee).status == proposals.Outcome.WAITING_FOR_WRITTEN

    written_scores[trainee.pk] = D("86")  # the written result arrives later
    outcome = proposals.propose_grade_if_ready(trainee)
    assert outcome.status == proposals.Outcome.PROPOSED
    assert outcome.decision.proposed_grade == "technician_senior"  # mean 87
    again = proposals.propose_grade_if_ready(trainee)
    assert again.status == proposals.Outcome.ALREADY_PROPOSED
    assert GradeDecision.objects.filter(person=trainee).count() == 1


def test_a_failed_practical_proposes_reserve(written_scores):
    trainee = make_user()
    make_qualification(trainee)
    written_scores[trainee.pk] = 92
    score_all(make_practical_exam(trainee=trainee), [70, 72, 74, 72, 72])
    decision = GradeDecision.objects.get(person=trainee)
    assert decision.proposed_grade == "reserve"
    assert any("实操考核 72 分，低于合格线" in reason for reason in decision.reasons)


def test_no_proposal_without_the_persons_qualifications(written_scores):
    trainee = make_user()
    written_scores[trainee.pk] = 92
    score_all(make_practical_exam(trainee=trainee), [90, 90, 90, 90, 90])
    assert not GradeDecision.objects.filter(person=trainee).exists()
    assert proposals.propose_grade_if_ready(trainee).status == proposals.Outcome.NO_QUALIFICATION


def test_a_passed_retake_counts_over_the_failed_original(written_scores):
    trainee = make_user()
    make_qualification(trainee)
    written_scores[trainee.pk] = 90
    first = make_practical_exam(trainee=trainee)
    score_all(first, [70, 70, 70, 70, 70])
    retake = scoring.create_retake(PracticalExam.objects.get(pk=first.pk))
    PracticalExam.objects.filter(pk=retake.pk).update(open_for_scoring=True)
    score_all(PracticalExam.objects.get(pk=retake.pk), [90, 90, 90, 90, 90])
    assert proposals.practical_score_for(trainee) == D("90.00")
    latest = GradeDecision.objects.filter(person=trainee).order_by("-pk").first()
    assert latest.practical_score == D("90") and latest.proposed_grade == "engineer_junior"


def test_the_written_score_is_the_best_any_source_reports_or_none():
    trainee = make_user()
    assert proposals.written_score_for(trainee) is None
    with hooks.register_temporarily(proposals.WRITTEN_SCORE_HOOK, lambda p: D("81.5")), \
            hooks.register_temporarily(proposals.WRITTEN_SCORE_HOOK, lambda p: None), \
            hooks.register_temporarily(proposals.WRITTEN_SCORE_HOOK, lambda p: 88):
        assert proposals.written_score_for(trainee) == D("88")


def test_hr_can_ask_for_a_proposal_from_the_exam_listing(login, written_scores):
    trainee = make_user()
    make_qualification(trainee)
    exam = make_practical_exam(trainee=trainee)
    score_all(exam, [91, 91, 91, 91, 91])
    assert not GradeDecision.objects.exists()  # no written score when the panel finished
    written_scores[trainee.pk] = 91
    client = login(make_user(groups=["人资部"]))
    url = reverse("assessments_practical_propose", args=[exam.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert "待人资部确认" in response.content.decode()
    assert GradeDecision.objects.get(person=trainee).status == "proposed"
    assert login(make_user()).post(url).status_code == 302  # not an admin user: to the admin login
    assert GradeDecision.objects.count() == 1
