"""Importing questions into the bank from an XLSX or CSV file.

One header row, then one question per row. Columns (Chinese headers; the
English names in brackets are accepted too):

======================  ==========================================================
分类 (category)          an existing 题目分类, e.g. 电气基础
题型 (type)              单选 / 多选 / 判断 / 填空 / 简答 (or single, multiple, true_false, fill_in, short_answer)
题干 (text)              the question
选项A … 选项H (A … H)    the options of a choice question
答案 (answer)            单选: B; 多选: ACD or A,C,D; 判断: 对/错 (正确/错误, √/×, 是/否, true/false);
                         填空: accepted answers separated by | or ；; 简答: the reference answer (optional)
分值 (points)            optional, default 1
解析 (explanation)       optional
======================  ==========================================================

Every row is checked first; if any row is wrong the whole file is refused
(:class:`ImportRefused`, whose ``errors`` name the row and the problem) and
nothing is created. Otherwise all questions are created in one transaction,
each with its first revision.
"""
import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from people.spreadsheets import header_columns

from .models import CHOICE_TYPES, Question, QuestionCategory, QuestionType

OPTION_LETTERS = "ABCDEFGH"

HEADERS = {
    "分类": "category", "category": "category",
    "题型": "type", "type": "type",
    "题干": "text", "text": "text", "题目": "text",
    "答案": "answer", "answer": "answer", "正确答案": "answer",
    "分值": "points", "points": "points",
    "解析": "explanation", "explanation": "explanation",
}
for _letter in OPTION_LETTERS:
    HEADERS[f"选项{_letter}"] = f"option_{_letter}"
    HEADERS[_letter] = f"option_{_letter}"
    HEADERS[_letter.lower()] = f"option_{_letter}"

TYPES = {
    "单选": QuestionType.SINGLE, "单选题": QuestionType.SINGLE, "single": QuestionType.SINGLE,
    "多选": QuestionType.MULTIPLE, "多选题": QuestionType.MULTIPLE, "multiple": QuestionType.MULTIPLE,
    "判断": QuestionType.TRUE_FALSE, "判断题": QuestionType.TRUE_FALSE, "true_false": QuestionType.TRUE_FALSE,
    "填空": QuestionType.FILL_IN, "填空题": QuestionType.FILL_IN, "fill_in": QuestionType.FILL_IN,
    "简答": QuestionType.SHORT_ANSWER, "简答题": QuestionType.SHORT_ANSWER,
    "short_answer": QuestionType.SHORT_ANSWER,
}
TRUE_WORDS = {"对", "正确", "√", "是", "true", "t", "yes", "y", "1"}
FALSE_WORDS = {"错", "错误", "×", "x", "否", "false", "f", "no", "n", "0"}


class ImportRefused(Exception):
    """The file was refused; ``errors`` is a list of messages, each naming its row."""

    def __init__(self, errors):
        self.errors = [str(e) for e in errors]
        super().__init__("\n".join(self.errors))


def read_rows(file, name):
    """The file's rows as lists of strings (header first). ``name`` decides
    the format by its extension: .xlsx, else CSV (UTF-8, with or without BOM,
    or GBK as Excel saves Chinese CSV)."""
    data = file.read() if hasattr(file, "read") else file
    if name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportRefused([_("无法读取 XLSX 文件：%(error)s") % {"error": error}]) from None
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else (format(v, "g") if isinstance(v, float) else str(v)) for v in row])
        return rows
    if isinstance(data, bytes):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                data = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRefused([_("无法识别 CSV 文件的编码，请另存为 UTF-8。")])
    return list(csv.reader(io.StringIO(data)))


REQUIRED_COLUMNS = (("category", "分类"), ("type", "题型"), ("text", "题干"), ("answer", "答案"))


def _parse_header(header):
    return header_columns(header, HEADERS, REQUIRED_COLUMNS)


def _letters(answer):
    return [c for c in re.sub(r"[\s,，、;；]", "", answer.upper())]


def _set_choice_answer(question, answer, values):
    """单选/多选: the options present, and which letters are correct."""
    options = [(letter, values.get(f"option_{letter}", "").strip()) for letter in OPTION_LETTERS]
    present = [(letter, text) for letter, text in options if text]
    letters = _letters(answer)
    if not letters:
        raise ValueError(_("选择题须填写答案（选项字母，如 B 或 ACD）。"))
    bad = [c for c in letters if c not in {letter for letter, _t in present}]
    if bad:
        raise ValueError(_("答案“%(answer)s”引用了不存在的选项：%(bad)s。") % {"answer": answer, "bad": "、".join(bad)})
    if question.qtype == QuestionType.SINGLE and len(set(letters)) != 1:
        raise ValueError(_("单选题只能有一个答案，收到的是“%(answer)s”。") % {"answer": answer})
    question.options = [("option", {"text": text, "correct": letter in letters}) for letter, text in present]


def _set_true_false_answer(question, answer, values):
    word = answer.lower()
    if word in TRUE_WORDS:
        question.true_false_answer = True
    elif word in FALSE_WORDS:
        question.true_false_answer = False
    else:
        raise ValueError(_("判断题答案应为“对”或“错”，收到的是“%(answer)s”。") % {"answer": answer})


def _set_fill_in_answer(question, answer, values):
    accepted = [a.strip() for a in re.split(r"[|｜;；\n]", answer) if a.strip()]
    if not accepted:
        raise ValueError(_("填空题须填写至少一个可接受的答案。"))
    question.accepted_answers = "\n".join(accepted)


def _set_reference_answer(question, answer, values):
    question.reference_answer = answer


#: How each question type reads the 答案 column (简答 keeps it as the reference answer).
ANSWER_READERS = {
    **{qtype: _set_choice_answer for qtype in CHOICE_TYPES},
    QuestionType.TRUE_FALSE: _set_true_false_answer,
    QuestionType.FILL_IN: _set_fill_in_answer,
}


def build_question(values, categories):
    """A :class:`Question` (unsaved, validated) from one row's ``values``
    ({column: text}). Raises ValueError with the problem."""
    category = categories.get(values.get("category", "").strip())
    if category is None:
        raise ValueError(_("分类“%(name)s”不存在（可用：%(names)s）。") % {
            "name": values.get("category", ""), "names": "、".join(categories)})
    qtype = TYPES.get(values.get("type", "").strip().lower())
    if qtype is None:
        raise ValueError(_("题型“%(type)s”无效，应为单选、多选、判断、填空或简答。") % {"type": values.get("type", "")})
    text = values.get("text", "").strip()
    if not text:
        raise ValueError(_("题干为空。"))
    answer = values.get("answer", "").strip()
    points_text = values.get("points", "").strip() or "1"
    try:
        points = Decimal(points_text)
    except InvalidOperation:
        raise ValueError(_("分值“%(points)s”不是数字。") % {"points": points_text}) from None
    if not points.is_finite() or points <= 0 or points != points.quantize(Decimal("0.01")) or points >= 1000:
        raise ValueError(_("分值须为大于 0、小于 1000、最多两位小数的数字。"))
    question = Question(category=category, qtype=qtype, text=text, points=points,
                        explanation=values.get("explanation", "").strip())
    ANSWER_READERS.get(qtype, _set_reference_answer)(question, answer, values)
    try:
        question.full_clean(exclude=["latest_revision"])
    except ValidationError as error:
        raise ValueError("；".join(m for messages in error.message_dict.values() for m in messages)) from None
    return question


def validate_rows(rows):
    """Check every row; returns ``(questions, errors)``."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [], [_("文件为空或缺少表头。")]
    columns, errors = _parse_header(rows[0])
    if errors:
        return [], errors
    categories = {c.name: c for c in QuestionCategory.objects.all()}
    questions = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[index] if index < len(row) else "") for key, index in columns.items()}
        try:
            questions.append(build_question(values, categories))
        except ValueError as error:
            errors.append(_("第 %(row)s 行：%(problem)s") % {"row": number, "problem": error})
    if not questions and not errors:
        errors.append(_("文件中没有题目。"))
    return questions, errors


def import_questions(file, name, *, user=None):
    """Import the questions in ``file`` (bytes or a binary file; ``name``
    gives its format). All or nothing: raises :class:`ImportRefused` if any
    row is wrong. Returns the created questions."""
    questions, errors = validate_rows(read_rows(file, name))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for question in questions:
            question.save()
            question.save_revision(user=user, log_action=True)
    return questions
