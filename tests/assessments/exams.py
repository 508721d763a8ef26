"""Builders for the written-exam tests: a paper with one question of every
type, whose right answers are distinctive strings the leakage tests look for."""
import datetime
import json
from unittest import mock

from django.utils import timezone

from tests.factories import make_exam, make_question

T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))

RIGHT_SINGLE = "正确选项甲ZQX"
WRONG_SINGLE = ["错误选项乙", "错误选项丙", "错误选项丁"]
RIGHT_MULTI = ["多选正确一MQA", "多选正确二MQB"]
WRONG_MULTI = ["多选错误一", "多选错误二"]
FILL_ACCEPTED = ["接地保护FLQ", "保护接地FLQ"]
REFERENCE = "参考要点：先断电再检查RFQ"
EXPLANATION = "解析：断电是第一步EXQ"


def minutes(n):
    return datetime.timedelta(minutes=n)


def full_paper():
    """Five questions, one of each type, 1 point each (short answer 2)."""
    return [
        make_question("single", text="单选：PLC 的中文是？", options=[RIGHT_SINGLE] + WRONG_SINGLE,
                      correct=RIGHT_SINGLE, explanation=EXPLANATION),
        make_question("multiple", text="多选：哪些属于安全措施？", options=RIGHT_MULTI + WRONG_MULTI,
                      correct=RIGHT_MULTI, category="维护保养"),
        make_question("true_false", text="判断：维修前必须断电。", true_false=True, category="服务规范"),
        make_question("fill_in", text="填空：电机外壳应做____。", accepted=FILL_ACCEPTED, category="电气基础"),
        make_question("short_answer", text="简答：描述检修步骤。", reference=REFERENCE, points=2,
                      category="故障解决"),
    ]


def objective_paper():
    return full_paper()[:4]


def by_type(attempt):
    """{question type: snapshot} of an attempt's paper."""
    return {q["type"]: q for q in attempt.questions}


def right_answers(attempt, short="检修步骤：断电、验电、检查"):
    """The answers that score full marks on ``attempt``'s paper ({key: value})."""
    answers = {}
    for q in attempt.questions:
        if q["type"] == "single":
            answers[q["key"]] = next(o["key"] for o in q["options"] if o["correct"])
        elif q["type"] == "multiple":
            answers[q["key"]] = [o["key"] for o in q["options"] if o["correct"]]
        elif q["type"] == "true_false":
            answers[q["key"]] = q["true_false_answer"]
        elif q["type"] == "fill_in":
            answers[q["key"]] = q["accepted_answers"][0]
        else:
            answers[q["key"]] = short
    return answers


def wrong_answers(attempt):
    answers = {}
    for q in attempt.questions:
        if q["type"] == "single":
            answers[q["key"]] = next(o["key"] for o in q["options"] if not o["correct"])
        elif q["type"] == "multiple":
            answers[q["key"]] = [next(o["key"] for o in q["options"] if not o["correct"])]
        elif q["type"] == "true_false":
            answers[q["key"]] = not q["true_false_answer"]
        elif q["type"] == "fill_in":
            answers[q["key"]] = "不知道"
        else:
            answers[q["key"]] = ""
    return answers


def exam_with(questions=None, **fields):
    return make_exam(questions if questions is not None else full_paper(), **fields)


def at(moment):
    """Run views as if the server's clock said ``moment``."""
    return mock.patch("assessments.attempts.clock", return_value=moment)


def post_json(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def attempt_url(exam, attempt, action=""):
    return f"{exam.url}attempt/{attempt.pk}/{action + '/' if action else ''}"
