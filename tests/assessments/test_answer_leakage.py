"""Nothing a trainee can request contains right answers before the exam's
review options allow it: not the exam page, the attempt page, a resumed
page, autosave or submit JSON, nor the result page."""
import pytest

from assessments.models import ExamAttempt, ReviewWhen
from tests.assessments.exams import (
    EXPLANATION,
    FILL_ACCEPTED,
    REFERENCE,
    T0,
    at,
    attempt_url,
    exam_with,
    minutes,
    post_json,
    right_answers,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db

#: Texts only the answer key holds (the right options' texts are shown as options, so their
#: flags and keys are what must not leak).
SECRET_TEXTS = FILL_ACCEPTED + [REFERENCE, EXPLANATION]
SECRET_FIELDS = ["correct", "true_false_answer", "accepted_answers", "reference_answer", "explanation",
                 "question_id", "revision_id"]


def assert_no_answers(body, attempt):
    text = body.decode() if isinstance(body, bytes) else body
    for secret in SECRET_TEXTS:
        assert secret not in text, f"leaked {secret!r}"
    for field in SECRET_FIELDS:
        assert field not in text.lower(), f"leaked field {field!r}"
    right = right_answers(attempt)
    single = next(q for q in attempt.questions if q["type"] == "single")
    # The right option's key appears exactly as often as any other option's key.
    counts = {o["key"]: text.count(o["key"]) for o in single["options"]}
    assert len(set(counts.values())) == 1, counts
    assert right[single["key"]] in counts


def own_answers(attempt):
    """The trainee's answers: right choices, but their own words where the key
    holds text (so the key's text on a page can only be a leak)."""
    answers = right_answers(attempt, short="我自己的简答")
    fill = next(q for q in attempt.questions if q["type"] == "fill_in")
    answers[fill["key"]] = "我自己的填空"
    return answers


def take_exam(login, **review):
    trainee = make_user("leak_trainee")
    exam = exam_with(**review)
    client = login(trainee)
    responses = []
    with at(T0):
        responses.append(client.get(exam.url))
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    url = attempt_url(exam, attempt)
    with at(T0 + minutes(2)):
        responses.append(client.get(url))
        responses.append(post_json(client, f"{url}save/", {"seq": 1, "answers": own_answers(attempt)}))
        responses.append(post_json(client, f"{url}save/", {"seq": 1, "answers": {}}))  # 409
        single = next(q["key"] for q in attempt.questions if q["type"] == "single")
        responses.append(post_json(client, f"{url}save/", {"seq": 2, "answers": {single: "not-an-option"}}))  # 400
        responses.append(client.get(url))  # resume
        responses.append(post_json(client, f"{url}submit/", {"seq": 3, "answers": own_answers(attempt)}))
        responses.append(client.get(f"{url}result/"))
        responses.append(client.get(exam.url))
        responses.append(post_json(client, f"{url}save/", {"seq": 4, "answers": {}}))  # 410
    return exam, attempt, responses


def test_no_response_before_review_holds_an_answer(login):
    exam, attempt, responses = take_exam(login, review_marks=ReviewWhen.NEVER, review_answers=ReviewWhen.NEVER)
    assert [r.status_code for r in responses] == [200, 200, 200, 409, 400, 200, 200, 200, 200, 410]
    for response in responses:
        assert_no_answers(response.content, attempt)
    result = responses[7].content.decode()
    assert 'id="exam-score"' not in result  # marks hidden too
    assert "得 1 分" not in result and "得 1.00 分" not in result


def test_the_attempt_page_holds_no_answer_even_when_review_after_submit_is_allowed(login):
    exam, attempt, responses = take_exam(login, review_marks=ReviewWhen.AFTER_SUBMIT,
                                         review_answers=ReviewWhen.AFTER_SUBMIT)
    for response in responses[:7]:  # everything up to and including the submit
        assert_no_answers(response.content, attempt)
    result = responses[7].content.decode()
    # After submission the review shows them: the scan above would have caught them.
    assert FILL_ACCEPTED[0] in result and EXPLANATION in result and REFERENCE in result
    assert 'id="exam-score"' not in result  # the short answer is not marked yet, so no score


def test_answers_after_close_stay_hidden_until_the_exam_closes(login):
    trainee = make_user("leak_close")
    exam = exam_with(review_marks=ReviewWhen.AFTER_SUBMIT, review_answers=ReviewWhen.AFTER_CLOSE,
                     closes_at=T0 + minutes(120))
    client = login(trainee)
    with at(T0):
        client.post(f"{exam.url}start/")
    attempt = ExamAttempt.objects.get(user=trainee)
    with at(T0 + minutes(5)):
        post_json(client, attempt_url(exam, attempt, "submit"), {"seq": 1, "answers": own_answers(attempt)})
        before = client.get(attempt_url(exam, attempt, "result"))
    assert_no_answers(before.content, attempt)
    with at(T0 + minutes(121)):
        after = client.get(attempt_url(exam, attempt, "result")).content.decode()
    assert FILL_ACCEPTED[0] in after and EXPLANATION in after
