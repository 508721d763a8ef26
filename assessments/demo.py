"""Demo content for assessments, added by ``manage.py setup_demo`` (through
``people.inbox.DEMO_CONTENT_HOOK``, after the LMS's demo: it needs the
trainees' plan tables). Safe to run again. Every text is written for the
demo.

- A question bank in five categories, every question type;
- 摸底考试: a placement test, two questions per category, which ``newcomer`` has
  taken (the result sets the level of the plan table waiting for approval);
- 定级书面考试: the timed grading written exam (90 minutes, pass 80) with a
  short answer, which ``trainee`` has handed in: the short answer waits in
  the marking queue;
- 实操考核: ``trainee``'s practical exam, whose panel has one examiner from
  each of the five departments (``examiner`` for 品管部, the heads of the
  others); two sheets are in, three (``examiner``'s among them) to come.
"""
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from lms.demo import CUSTOMER_COURSE
from lms.models import CoursePage
from people.models import Department

from . import attempts, scoring
from .models import (
    ExamIndexPage,
    ExaminerAssignment,
    ExamPage,
    ExamPurpose,
    ExamQuestion,
    PracticalExam,
    Question,
    QuestionCategory,
    QuestionType,
)

S, M, TF, FILL, SHORT = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE,
                         QuestionType.FILL_IN, QuestionType.SHORT_ANSWER)

#: category → [(type, text, answer)]: for choice questions the answer is
#: (options, correct options); true/false a bool; fill-in the accepted
#: answers; a short answer its marking points.
QUESTION_BANK = {
    "结构与电气基础": [
        (S, "电气原理图中，常开触点在线圈失电时处于什么状态？", (["断开", "闭合", "不确定", "半闭合"], ["断开"])),
        (S, "三相异步电动机铭牌上的额定电流是指：", (["线电流", "相电流", "启动电流", "空载电流"], ["线电流"])),
        (M, "以下哪些属于低压电器？", (["接触器", "热继电器", "断路器", "变压器"], ["接触器", "热继电器", "断路器"])),
        (TF, "接地线的作用之一是在设备漏电时保护人身安全。", True),
        (FILL, "我国工频交流电的频率是____赫兹。", ["50"]),
    ],
    "工作原理与控制程序": [
        (S, "PLC 程序扫描的正确顺序是：", (["输入采样、程序执行、输出刷新", "程序执行、输入采样、输出刷新",
                                         "输出刷新、输入采样、程序执行", "输入采样、输出刷新、程序执行"],
                                        ["输入采样、程序执行、输出刷新"])),
        (S, "伺服电机与步进电机相比，主要优点是：", (["有位置反馈，精度高", "价格更低", "不需要驱动器", "结构更简单"],
                                                ["有位置反馈，精度高"])),
        (TF, "急停回路应当由 PLC 程序控制，不必使用硬接线。", False),
        (FILL, "数控系统中，G00 指令表示____。", ["快速定位", "快速移动"]),
    ],
    "故障分析与排除": [
        (S, "设备上电后控制面板无显示，首先应检查：", (["电源与保险", "伺服参数", "加工程序", "润滑系统"], ["电源与保险"])),
        (M, "主轴异响的可能原因有：", (["轴承磨损", "皮带松动", "润滑不足", "程序坐标错误"], ["轴承磨损", "皮带松动", "润滑不足"])),
        (TF, "排除故障前应先询问操作人员故障发生时的情况。", True),
        (SHORT, "客户反映设备加工尺寸时大时小，请写出你的排查思路。",
         "先问清现象与发生条件；检查刀具与夹具；检查丝杠间隙与反向间隙补偿；检查导轨润滑；检查温升；"
         "逐项记录并复测。"),
    ],
    "维护保养": [
        (S, "导轨润滑油一般应多久检查一次？", (["每班", "每月", "每年", "出现故障时"], ["每班"])),
        (M, "日常保养包括：", (["清理切屑", "检查油位", "检查气压", "更换主轴"], ["清理切屑", "检查油位", "检查气压"])),
        (TF, "保养时可以不切断电源，只要动作小心即可。", False),
        (FILL, "设备保养记录应由保养人与____共同签字。", ["设备使用人", "使用人", "操作人员"]),
    ],
    "安全与服务规范": [
        (S, "到客户现场服务，第一件事应当是：", (["了解现场安全要求", "立即拆机", "询问付款方式", "拍照发朋友圈"],
                                            ["了解现场安全要求"])),
        (S, "客户对维修结果不满意时，正确的做法是：", (["记录意见并上报售后部经理", "与客户争辩", "直接离开", "私下承诺赔偿"],
                                                  ["记录意见并上报售后部经理"])),
        (M, "以下哪些资料属于保密资料？", (["配件内部结算价", "客户设备台账", "公开价目表", "未公开的改进计划"],
                                       ["配件内部结算价", "客户设备台账", "未公开的改进计划"])),
        (TF, "服务结束后应请客户在服务报告上签字确认。", True),
    ],
}

PLACEMENT_TITLE = "售后受训人员摸底考试"
GRADING_TITLE = "售后服务人员定级书面考试"
PRACTICAL_TASKS = [
    ("task", {"kind": "commission", "title": "整机调试", "unit": "XK-714 立式加工中心（返修机 R-0312）", "items": [
        {"description": "开机前检查与安全确认", "max_points": Decimal("10")},
        {"description": "参数核对与回零", "max_points": Decimal("20")},
        {"description": "试切件尺寸合格", "max_points": Decimal("20")}]}),
    ("task", {"kind": "repair", "title": "排除主轴异响", "unit": "不良机 B-0907", "items": [
        {"description": "故障判断准确", "max_points": Decimal("20")},
        {"description": "拆装步骤规范", "max_points": Decimal("20")},
        {"description": "修复后运行正常、记录完整", "max_points": Decimal("10")}]}),
]
#: The panel, in order: (username, department code); the first two have scored.
PANEL = [("head_technical", "technical"), ("head_engineering", "engineering"), ("examiner", "quality"),
         ("head_aftersales", "after-sales"), ("head_production", "production")]
SCORED = {"head_technical": Decimal("0.88"), "head_engineering": Decimal("0.84")}


@transaction.atomic
def add_demo_content(stdout):
    """The assessments' demo content (needs the demo accounts and the LMS demo)."""
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["trainee", "newcomer", "trainer", "hr", *[name for name, _code in PANEL]])}
    questions = _question_bank()
    index = _exam_index()
    placement = _exam(index, PLACEMENT_TITLE, "placement-test", purpose=ExamPurpose.PLACEMENT, time_limit_minutes=30,
                      intro="<p>新入职或新转岗的售后受训人员在培训计划表批准前参加，成绩确定培训层级。</p>",
                      paper=_first_per_category(questions, 2))
    grading = _exam(index, GRADING_TITLE, "grading-written-exam", purpose=ExamPurpose.GRADING, time_limit_minutes=90,
                    intro="<p>由技术部、工艺工程部命题，人资部、售后部组织。八十分合格；"
                          "与实际操作考核的平均分确定职级。</p>",
                    paper=[q for q in questions if q.category.name != "安全与服务规范"])
    now = timezone.now()
    if not placement.attempts.filter(user=users["newcomer"]).exists():
        _take(placement, users["newcomer"], now - datetime.timedelta(days=2), wrong_every=2)
    if not grading.attempts.filter(user=users["trainee"]).exists():
        _take(grading, users["trainee"], now - datetime.timedelta(days=1), wrong_every=6)
    _practical(users)
    _customer_exam(index, questions)
    stdout.write("考核演示内容已就绪：/exams/ 考试中心（摸底考试、定级书面考试），/my/examinations/ 我的考评。")


def _customer_exam(index, questions):
    """The final exam of the demo customer's course (lms.demo.CUSTOMER_COURSE)."""
    course = CoursePage.objects.filter(slug=CUSTOMER_COURSE["slug"]).first()
    if course is None or course.has_exam:
        return
    exam = _exam(index, "客户设备操作与维护结业测验", "customer-equipment-quiz", purpose=ExamPurpose.QUIZ,
                 time_limit_minutes=30, intro="<p>客户设备操作与维护培训的结业测验，八十分合格。</p>",
                 paper=_first_per_category(questions, 1))
    course.exam = exam
    course.save_revision().publish()


def _question_bank():
    questions = []
    for order, (name, rows) in enumerate(QUESTION_BANK.items()):
        category, _created = QuestionCategory.objects.get_or_create(name=name, defaults={"sort_order": order})
        for qtype, text, answer in rows:
            question = Question.objects.filter(text=text).first()
            if question is None:
                question = Question(category=category, qtype=qtype, text=text,
                                    points=Decimal("10") if qtype == SHORT else Decimal("5"))
                if qtype in (S, M):
                    options, correct = answer
                    question.options = [("option", {"text": o, "correct": o in correct}) for o in options]
                elif qtype == TF:
                    question.true_false_answer = answer
                elif qtype == FILL:
                    question.accepted_answers = "\n".join(answer)
                else:
                    question.reference_answer = answer
                question.full_clean()
                question.save()
                question.save_revision()
            questions.append(question)
    return questions


def _first_per_category(questions, count):
    """The first ``count`` objective questions of each category (a placement
    test is marked at once: no short answers)."""
    chosen, taken = [], {}
    for question in questions:
        if question.qtype != SHORT and taken.get(question.category_id, 0) < count:
            taken[question.category_id] = taken.get(question.category_id, 0) + 1
            chosen.append(question)
    return chosen


def _exam_index():
    index = ExamIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=ExamIndexPage(title="考试中心", slug="exams",
                                                      intro="书面考试、摸底考试与补考。"))
    return index


def _exam(index, title, slug, *, paper, **fields):
    exam = ExamPage.objects.filter(slug=slug).first()
    if exam is not None:
        return exam
    exam = ExamPage(title=title, slug=slug, paper_mode="fixed", pass_mark=Decimal("80"), **fields)
    for order, question in enumerate(paper):
        exam.paper_questions.add(ExamQuestion(sort_order=order, question=question))
    index.add_child(instance=exam)
    exam.save_revision().publish()
    return ExamPage.objects.get(pk=exam.pk)


def _answer(question, right):
    """A response to a paper ``question`` (a snapshot), right or wrong."""
    qtype = question["type"]
    options = question["options"]
    if qtype == S:
        return next(o["key"] for o in options if o["correct"] == right)
    if qtype == M:
        correct = [o["key"] for o in options if o["correct"]]
        return correct if right else correct[:1]
    if qtype == TF:
        return question["true_false_answer"] if right else not question["true_false_answer"]
    if qtype == FILL:
        return question["accepted_answers"][0] if right else "不清楚"
    return "先向操作人员了解故障现象，检查刀具、夹具和丝杠反向间隙，复测并记录。"


def _take(exam, user, started, wrong_every):
    """``user`` takes ``exam``: starts at ``started``, answers (every
    ``wrong_every``-th answer wrong) and hands in well within the time limit."""
    attempt = attempts.start_attempt(exam, user, now=started)
    answers = {q["key"]: _answer(q, right=(n % wrong_every != 0))
               for n, q in enumerate(attempt.questions, start=1)}
    attempts.submit_attempt(attempt, answers=answers, seq=1, now=started + datetime.timedelta(minutes=exam.time_limit_minutes * 2 // 3))


def _practical(users):
    trainee = users["trainee"]
    if PracticalExam.objects.filter(trainee=trainee).exists():
        return
    exam = PracticalExam(title="实际操作考核（基础）", trainee=trainee, trainer=users["trainer"],
                         machine_model="XK-714 立式加工中心", scheduled_on=timezone.localdate(),
                         location="售后部实操车间", tasks=PRACTICAL_TASKS, open_for_scoring=True,
                         pass_mark=Decimal("80"), created_by=users["hr"])
    exam.full_clean()
    exam.save()
    for order, (username, code) in enumerate(PANEL):
        ExaminerAssignment.objects.create(exam=exam, examiner=users[username],
                                          department=Department.objects.get(code=code), sort_order=order)
    for username, share in SCORED.items():
        points = {item_id: str((item["max_points"] * share).quantize(Decimal("1")))
                  for *_ignored, item_id, item in exam.rubric()}
        scoring.submit_sheet(exam, users[username], points, comment="操作规范，调试步骤清楚。")
