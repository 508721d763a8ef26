"""The question bank: categories, questions with revisions that never change
past attempts, and all-or-nothing import from CSV/XLSX."""
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from assessments import attempts as engine
from assessments.importing import ImportRefused, import_questions
from assessments.models import Question, QuestionCategory
from assessments.question_categories import CATEGORIES
from tests.assessments.exams import T0, exam_with, minutes, right_answers
from tests.factories import make_question, make_user

pytestmark = pytest.mark.django_db

HEADER = ["分类", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "分值", "解析"]
GOOD_ROWS = [
    ["电气基础", "单选", "三相电的相位差是？", "60°", "120°", "180°", "90°", "B", "2", "三相互差120°"],
    ["机械结构", "多选", "哪些是传动部件？", "齿轮", "皮带", "铭牌", "链条", "A,B,D", "", ""],
    ["服务规范", "判断", "到达客户现场应先沟通再动手。", "", "", "", "", "对", "1", ""],
    ["电气基础", "填空", "接地电阻一般不大于____欧。", "", "", "", "", "4|4Ω", "1", ""],
    ["故障分析", "简答", "电机过热可能的原因？", "", "", "", "", "过载、缺相、散热不良", "5", ""],
]


def csv_bytes(rows):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_categories_of_the_training_rules_are_seeded():
    assert set(CATEGORIES) <= set(QuestionCategory.objects.values_list("name", flat=True))
    assert "故障分析" in CATEGORIES and "规章制度" in CATEGORIES


def test_a_single_choice_question_needs_exactly_one_right_option():
    question = Question(category=QuestionCategory.objects.get(name="电气基础"), qtype="single", text="？",
                        options=[("option", {"text": "甲", "correct": True}), ("option", {"text": "乙", "correct": True})])
    with pytest.raises(ValidationError, match="恰好有一个"):
        question.full_clean()


def test_editing_a_question_never_changes_a_past_attempt():
    question = make_question("single", text="旧题干", options=["旧对", "旧错"], correct="旧对", points=1)
    exam = exam_with([question], shuffle_options=False)
    trainee = make_user("bank_trainee")
    attempt = engine.start_attempt(exam, trainee, now=T0)
    engine.save_answers(attempt, right_answers(attempt), 1, now=T0)
    attempt, _ = engine.submit_attempt(attempt, now=T0 + minutes(1))
    snapshot = attempt.questions[0]
    assert snapshot["revision_id"] == question.latest_revision_id

    question.text = "新题干"
    question.options = [("option", {"text": "新对", "correct": False}), ("option", {"text": "旧错", "correct": True})]
    question.points = Decimal("5")
    question.full_clean()
    question.save()
    question.save_revision()
    assert question.revisions.count() == 2

    attempt.refresh_from_db()
    assert attempt.questions[0] == snapshot
    assert attempt.questions[0]["text"] == "旧题干" and attempt.score == Decimal("100.00")
    rows = engine.review(attempt, show_marks=True, show_answers=True)
    assert rows[0]["text"] == "旧题干" and rows[0]["correct"] == "旧对" and rows[0]["earned"] == Decimal("1.00")
    # A new attempt draws the question as it is now.
    retake = engine.start_attempt(exam, make_user("bank_trainee2"), now=T0)
    assert retake.questions[0]["text"] == "新题干" and retake.questions[0]["points"] == "5.00"


def test_a_good_csv_file_is_imported_with_revisions():
    created = import_questions(csv_bytes([HEADER] + GOOD_ROWS), "bank.csv")
    assert len(created) == 5 and Question.objects.count() == 5
    single = Question.objects.get(text="三相电的相位差是？")
    assert single.points == Decimal("2.00") and single.explanation == "三相互差120°"
    assert [o["text"] for o in single.option_list() if o["correct"]] == ["120°"]
    multiple = Question.objects.get(qtype="multiple")
    assert [o["text"] for o in multiple.option_list() if o["correct"]] == ["齿轮", "皮带", "链条"]
    assert Question.objects.get(qtype="true_false").true_false_answer is True
    assert Question.objects.get(qtype="fill_in").accepted_list() == ["4", "4Ω"]
    assert Question.objects.get(qtype="short_answer").reference_answer == "过载、缺相、散热不良"
    assert all(q.latest_revision_id for q in Question.objects.all())


def test_a_good_xlsx_file_is_imported():
    created = import_questions(xlsx_bytes([HEADER] + GOOD_ROWS), "bank.xlsx")
    assert len(created) == 5
    assert Question.objects.get(qtype="single").points == Decimal("2.00")


@pytest.mark.parametrize("name, make", [("bad.csv", csv_bytes), ("bad.xlsx", xlsx_bytes)])
def test_a_file_with_a_bad_row_is_refused_naming_the_row_and_nothing_is_created(name, make):
    rows = [HEADER] + GOOD_ROWS[:2] + [
        ["电气基础", "单选", "答案指向不存在的选项", "甲", "乙", "", "", "E", "1", ""],
        ["不存在的分类", "判断", "分类不对", "", "", "", "", "对", "1", ""],
    ] + GOOD_ROWS[2:]
    with pytest.raises(ImportRefused) as refused:
        import_questions(make(rows), name)
    errors = refused.value.errors
    assert len(errors) == 2
    assert errors[0].startswith("第 4 行") and "E" in errors[0]
    assert errors[1].startswith("第 5 行") and "不存在的分类" in errors[1]
    assert Question.objects.count() == 0


def test_the_command_imports_a_file_and_refuses_a_bad_one(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes([HEADER] + GOOD_ROWS))
    bad.write_bytes(csv_bytes([HEADER, ["电气基础", "判断", "答案不是对错", "", "", "", "", "也许", "1", ""]]))
    with pytest.raises(CommandError, match="第 2 行"):
        call_command("import_questions", str(bad))
    assert Question.objects.count() == 0
    out = io.StringIO()
    call_command("import_questions", str(good), stdout=out)
    assert "5" in out.getvalue() and Question.objects.count() == 5


def test_hr_imports_from_the_admin(login):
    admin = make_user("bank_admin", is_superuser=True, is_staff=True)
    client = login(admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.csv", csv_bytes([HEADER, ["电气基础", "单选", "无答案", "甲", "乙", "", "", "", "1", ""]]))
    response = client.post("/admin/assessments/questions/import/", {"file": bad})
    assert response.status_code == 200 and "第 2 行" in response.content.decode()
    assert Question.objects.count() == 0
    good = SimpleUploadedFile("good.xlsx", xlsx_bytes([HEADER] + GOOD_ROWS))
    response = client.post("/admin/assessments/questions/import/", {"file": good})
    assert response.status_code == 302 and Question.objects.count() == 5


def test_questions_are_edited_as_snippets_with_history(login):
    admin = make_user("bank_editor", is_superuser=True, is_staff=True)
    question = make_question("true_false", text="可编辑的判断题")
    client = login(admin)
    assert "可编辑的判断题" in client.get("/admin/snippets/assessments/question/").content.decode()
    assert client.get(f"/admin/snippets/assessments/question/edit/{question.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/assessments/question/history/{question.pk}/").status_code == 200
