"""Demo content for the LMS, added by ``manage.py setup_demo`` (through
``people.inbox.DEMO_CONTENT_HOOK``, after the site and the demo accounts
exist) and by ``setup_lms_demo`` alone; safe to run again: the course
catalogue with three courses, the trainee's plan table with the trainer's
entries (one signed, one waiting for the trainee), the newcomer's plan table
waiting for the 常务副总's approval, a session with a satisfaction survey,
the trainer admitted to the pool after a recorded evaluation, the courses
developed and filed, a needs survey answered by two department heads and the
annual plan drawn from it waiting for the review of the training-management
department (``head_hr``). The approvers (总经理 ``gm``, 常务副总 ``evp``) are demo
accounts of :mod:`people.demo`."""
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Site

from people.demo import CUSTOMER_ORGANISATION
from people.models import Confidentiality, CustomerOrganisation, Department, Profile
from people.permissions import HR
from policies.models import PolicyPage

from . import course_development, needs_surveys, planning, traineeship, trainer_pool
from .enrolling import enrol_new_employee
from .models import (
    AfterSalesLevel,
    CourseIndexPage,
    CourseLesson,
    CoursePage,
    DevelopmentStage,
    Enrolment,
    EnrolmentSource,
    LessonKind,
    NeedsQuestion,
    NeedsSurvey,
    NeedsSurveyLink,
    PlanKind,
    PlanLine,
    PlanMethod,
    QuestionKind,
    SurveyField,
    SurveyPage,
    Track,
    Trainer,
    TrainerStatus,
    TrainingPlan,
    TrainingSession,
)

COURSES = [
    {
        "slug": "onboarding", "title": "新员工入职培训", "track": Track.ONBOARDING, "departments": [],
        "summary": "<p>公司发展历史与规划、企业文化、组织结构与规章制度、岗位职责与流程、生产线参观。</p>",
        "lessons": [
            ("公司发展历史与规划", LessonKind.TEXT, "<p>公司自创立以来的发展历程与未来三年规划。</p>"),
            ("企业文化与组织结构", LessonKind.TEXT, "<p>企业文化、组织机构及各部门职能。</p>"),
            ("规章制度学习：培训管理制度", LessonKind.POLICY, "<p>阅读现行培训管理制度并确认。</p>"),
            ("生产线参观", LessonKind.TEXT, "<p>由生产部安排参观生产线，了解主要工序。</p>"),
        ],
    },
    {
        "slug": "after-sales-basic", "title": "售后服务人员岗前培训（基础）", "track": Track.ONBOARDING,
        "departments": ["after-sales"], "level": AfterSalesLevel.BASIC,
        "summary": "<p>储备人员的基础培训：产品结构、电气基础与工作原理。</p>",
        "lessons": [
            ("产品结构与电气基础", LessonKind.TEXT, "<p>整机结构、主要部件与电气原理图识读。</p>"),
            ("工作原理与控制程序", LessonKind.TEXT, "<p>设备工作原理与控制程序的基本逻辑。</p>"),
            ("安全操作规程", LessonKind.TEXT, "<p>维修与调试中的安全要求。</p>"),
        ],
    },
    {
        "slug": "in-service-updates", "title": "在岗轮训：产品与技术更新", "track": Track.IN_SERVICE,
        "departments": ["after-sales", "technical"], "level": AfterSalesLevel.INTERMEDIATE,
        "summary": "<p>新产品与技术更新、故障分析与解决方案、服务技能。</p>",
        "lessons": [
            ("故障分析与解决方案", LessonKind.TEXT, "<p>常见故障的分析方法与处理方案。</p>"),
            ("维护保养", LessonKind.TEXT, "<p>定期维护保养项目与周期。</p>"),
            ("服务技能", LessonKind.TEXT, "<p>客户沟通与现场服务规范。</p>"),
        ],
    },
]

PLAN_ITEMS = [
    ("产品结构与电气基础", "technical", "掌握整机结构与电气原理图"),
    ("装配与调试", "production", "能独立完成一台整机的装配调试"),
    ("故障分析与维修", "after-sales", "能分析并排除常见故障"),
]


@transaction.atomic
def add_demo_content(stdout):
    """The LMS's demo content (needs the demo accounts of :mod:`people.demo`)."""
    User = get_user_model()
    index = _course_index()
    for spec in COURSES:
        _course(index, spec)
    for profile in Profile.objects.exclude(department=None).select_related("user"):
        enrol_new_employee(profile)
    _trainer(User)
    _plan_table()
    _newcomer_plan_table()
    _session(index)
    _needs_survey_and_plan(User)
    _customer_training(index)
    stdout.write("培训演示内容已就绪：/courses/ 课程库，/my/learning/ 我的学习。")


def _course_index():
    home = Site.objects.get(is_default_site=True).root_page
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(
            title="培训课程", slug="courses", intro="岗前/入职培训与在职/在岗轮训课程。"))
    # HR edits and publishes courses and surveys directly (the policies'
    # approval workflow on the root is for regulations, not courses).
    hr = Group.objects.get_or_create(name=HR)[0]
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=hr, page=index, permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                                    codename=codename))
    return index


def _course(index, spec):
    if CoursePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
        return
    page = CoursePage(title=spec["title"], slug=spec["slug"], track=spec["track"],
                      after_sales_level=spec.get("level", ""), summary=spec["summary"])
    public = PolicyPage.objects.live().filter(confidentiality=Confidentiality.PUBLIC, withdrawn=False)
    policy = public.filter(title__contains="培训").first() or public.order_by("pk").first()
    for order, (title, kind, body) in enumerate(spec["lessons"]):
        if kind == LessonKind.POLICY:
            if policy is None:
                continue
            title = f"规章制度学习：{policy.title}"
        page.lessons.add(CourseLesson(sort_order=order, title=title, kind=kind, body=body,
                                      policy=policy if kind == LessonKind.POLICY else None))
    page.target_departments = list(Department.objects.filter(code__in=spec["departments"]))
    index.add_child(instance=page)
    page.save_revision().publish()
    _file_course(page)


def _file_course(page):
    """The demo courses are in use: developed step by step and filed."""
    hr, head = (get_user_model().objects.get(username=n) for n in ("hr", "head_hr"))
    development = course_development.start(page, owner=hr, team=[hr])
    if development.filed:
        return
    start = datetime.date(2026, 1, 5)
    for offset, (stage, _label) in enumerate(DevelopmentStage.choices):
        if stage == DevelopmentStage.TRIAL and not development.reviews.exists():
            course_development.add_review(development, head, "内容完整，案例贴近现场；建议增加故障演示。", 88)
        course_development.record_step(development, head if stage == DevelopmentStage.FILED else hr, stage,
                                       on=start + datetime.timedelta(days=7 * offset))


def _trainer(User):
    """The trainer, admitted after a recorded evaluation (试讲、案例分析)."""
    trainer, _created = Trainer.objects.get_or_create(
        user=User.objects.get(username="trainer"), defaults={"specialities": "产品结构与电气基础、故障分析"})
    if trainer.status != TrainerStatus.ADMITTED:
        trainer_pool.admit(trainer, User.objects.get(username="hr"), trial_score=92, case_score=88,
                           trainee_rating=4.6, note="讲解清楚，案例贴近现场。", on=datetime.date(2026, 1, 15))


def _needs_survey_and_plan(User):
    """A needs survey sent to three departments and the demo customer, two
    departments and the customer answered, and the annual plan drawn from it
    waiting for the training-management department's review (``head_hr``)."""
    survey = NeedsSurvey.objects.filter(title="2027 年度培训需求调研").first()
    if survey is not None:
        _customer_needs_answer(survey)  # a demo built before customers were asked gets its answer too
        return
    hr = User.objects.get(username="hr")
    today = timezone.localdate()
    survey = NeedsSurvey.objects.create(
        title="2027 年度培训需求调研", goal="了解各部门明年的培训需求，作为年度培训计划的依据。",
        scope="售后部、技术部、生产部", targets="各部门负责人", opens_on=today, created_by=hr,
        closes_on=today + datetime.timedelta(days=20))
    survey.departments.set(Department.objects.filter(code__in=["after-sales", "technical", "production"]))
    survey.customers.set(CustomerOrganisation.objects.filter(name=CUSTOMER_ORGANISATION["name"]))
    questions = [
        NeedsQuestion(survey=survey, sort_order=0, label="最需要的培训主题", kind=QuestionKind.MULTIPLE,
                      choices="产品与技术更新\n故障分析与维修\n服务技能\n安全生产"),
        NeedsQuestion(survey=survey, sort_order=1, label="希望的培训方式", kind=QuestionKind.CHOICE,
                      choices="课堂讲授\n实地操作\n线上学习"),
        NeedsQuestion(survey=survey, sort_order=2, label="当前培训的满意程度", kind=QuestionKind.RATING),
        NeedsQuestion(survey=survey, sort_order=3, label="存在的问题与建议", kind=QuestionKind.TEXT,
                      required=False),
    ]
    NeedsQuestion.objects.bulk_create(questions)
    needs_surveys.send(survey, hr)
    ids = [str(q.pk) for q in survey.questions.order_by("sort_order")]
    for username, answers in (
        ("head_aftersales", [["故障分析与维修", "服务技能"], "实地操作", 3, "新机型上市后现场故障处理经验不足。"]),
        ("head_technical", [["产品与技术更新", "故障分析与维修"], "课堂讲授", 4, "希望增加电气控制新技术内容。"]),
    ):
        needs_surveys.submit_answers(survey, User.objects.get(username=username), dict(zip(
            [f"q{i}" for i in ids], answers, strict=True)))
    _customer_needs_answer(survey)
    survey.common_needs = "故障分析与维修是共性需求。"
    survey.specific_needs = "售后部侧重现场服务技能；技术部侧重新技术；华东精密侧重设备操作与日常保养。"
    survey.recommendations = "年度计划安排故障分析专题两期，以实地操作为主。"
    survey.save()
    start = datetime.date(today.year + 1, 1, 10)
    plan = TrainingPlan.objects.create(
        kind=PlanKind.ANNUAL, title=f"{start.year} 年度培训计划", starts_on=start,
        ends_on=start.replace(month=12, day=20), needs_survey=survey, created_by=hr)
    courses = {c.slug: c for c in CoursePage.objects.filter(slug__in=[s["slug"] for s in COURSES])}
    trainers = list(User.objects.filter(username="trainer"))
    for order, (slug, fields) in enumerate((
        ("in-service-updates", {
            "goal": "提高售后与技术人员的故障分析与现场服务能力。", "content": "故障分析专题（一）：控制柜常见故障。",
            "audience": "售后部、技术部员工", "starts_on": start.replace(month=3, day=10),
            "ends_on": start.replace(month=3, day=12), "place": "生产现场", "method": PlanMethod.ON_SITE}),
        ("in-service-updates", {
            "goal": "掌握新机型的电气控制新技术。", "content": "新产品技术更新：电气控制与调试。",
            "audience": "技术部员工", "month": start.replace(month=6, day=1), "place": "技术部会议室",
            "method": PlanMethod.LECTURE}),
        ("after-sales-basic", {
            "goal": "新入职售后人员达到岗前基础要求。", "content": "售后服务规范与安全生产。",
            "audience": "新入职售后人员", "starts_on": start.replace(month=9, day=7),
            "ends_on": start.replace(month=9, day=18), "place": "技术部会议室", "method": PlanMethod.LECTURE}),
    )):
        line = PlanLine.objects.create(plan=plan, sort_order=order, course=courses.get(slug), **fields)
        line.trainers.set(trainers)
    planning.submit(plan, hr)


def _customer_needs_answer(survey):
    """The demo customer's answer, given through its link (as its contact would)."""
    customer = CustomerOrganisation.objects.filter(name=CUSTOMER_ORGANISATION["name"]).first()
    if customer is None or not needs_surveys.link_is_open(survey) or survey.responses.filter(customer=customer).exists():
        return
    survey.customers.add(customer)
    link, _created = NeedsSurveyLink.objects.get_or_create(survey=survey, customer=customer)
    ids = [str(q.pk) for q in survey.questions.order_by("sort_order")]
    needs_surveys.submit_customer_answers(link, dict(zip([f"q{i}" for i in ids], [
        ["产品与技术更新", "故障分析与维修"], "实地操作", 4, "希望在我方车间安排设备操作与日常保养实训。"], strict=True)))


def _plan_table():
    User = get_user_model()
    trainee, trainer, hr = (User.objects.get(username=n) for n in ("trainee", "trainer", "hr"))
    evp = User.objects.get(username="evp")
    if hasattr(trainee, "plan_table"):
        return
    table = traineeship.create_table(trainee, hr, level=AfterSalesLevel.BASIC, placement_score=68)
    start = timezone.localdate() - datetime.timedelta(days=3)
    for index, (content, department, goal) in enumerate(PLAN_ITEMS):
        traineeship.add_item(
            table, hr, content=content, department=Department.objects.get(code=department), trainer=trainer,
            planned_start=start + datetime.timedelta(days=14 * index),
            planned_end=start + datetime.timedelta(days=14 * index + 13), goal=goal)
    traineeship.submit(table, hr)
    traineeship.approve(table, evp)
    table.refresh_from_db()
    first = traineeship.record_entry(table.current_item, trainer, start, "讲解整机结构，识读电气原理图。",
                                     "认真，能识读主要回路。")
    traineeship.sign(first, trainee)
    traineeship.record_entry(table.current_item, trainer, start + datetime.timedelta(days=1),
                             "控制柜接线练习。", "接线基本正确，个别端子需返工。")


def _session(index):
    User = get_user_model()
    survey = SurveyPage.objects.child_of(index).first()
    if survey is None:
        survey = SurveyPage(title="培训满意度调查", slug="satisfaction-survey",
                            intro="<p>请对本次培训作出评价，每人每次培训填写一次。</p>")
        survey.form_fields.add(SurveyField(sort_order=0, label="培训内容是否实用", field_type="rating"))
        survey.form_fields.add(SurveyField(sort_order=1, label="培训师讲解是否清楚", field_type="rating"))
        survey.form_fields.add(SurveyField(sort_order=2, label="意见与建议", field_type="multiline",
                                           required=False))
        index.add_child(instance=survey)
        survey.save_revision().publish()
    if TrainingSession.objects.filter(title="电气原理图识读（课堂）").exists():
        return
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    created = TrainingSession.objects.create(
        title="电气原理图识读（课堂）", trainer=User.objects.get(username="trainer"), location="技术部会议室",
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), survey=survey,
        course=CoursePage.objects.filter(slug="after-sales-basic").first(),
    )
    created.invitees.set(User.objects.filter(username__in=["trainee", "employee"]))


#: The demo customer's course (its final exam is added by the assessments demo).
CUSTOMER_COURSE = {
    "slug": "customer-equipment", "title": "客户设备操作与维护培训", "track": Track.IN_SERVICE, "departments": [],
    "summary": "<p>为客户单位的操作与维修人员开设：设备结构、安全操作、日常维护与常见故障处理。</p>",
    "lessons": [
        ("设备结构与工作原理", LessonKind.TEXT, "<p>整机结构、主要部件及其作用。</p>"),
        ("安全操作规程", LessonKind.TEXT, "<p>开机前检查、操作步骤与紧急停机。</p>"),
        ("日常维护与常见故障", LessonKind.TEXT, "<p>点检项目、润滑周期与常见报警的处理。</p>"),
    ],
}


def _customer_training(index):
    """The demo customer's trainees (``customer1``, ``customer2``) enrolled in
    one course, with one upcoming session and its survey."""
    User = get_user_model()
    trainees = list(User.objects.filter(external_trainee__isnull=False, username__in=["customer1", "customer2"]))
    if not trainees:
        return
    _course(index, CUSTOMER_COURSE)
    course = CoursePage.objects.get(slug=CUSTOMER_COURSE["slug"])
    if course.auto_enrol:  # a customer course is never an employee's onboarding
        course.auto_enrol = False
        course.save_revision().publish()
    for user in trainees:
        Enrolment.objects.get_or_create(user=user, course=course, defaults={
            "source": EnrolmentSource.ASSIGNED, "due_date": timezone.localdate() + datetime.timedelta(days=30)})
    if TrainingSession.objects.filter(title="客户设备操作实训（课堂）").exists():
        return
    starts = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    session = TrainingSession.objects.create(
        title="客户设备操作实训（课堂）", trainer=User.objects.get(username="trainer"), location="客户培训中心一号教室",
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), course=course,
        survey=SurveyPage.objects.child_of(index).first())
    session.invitees.set(trainees)


def _newcomer_plan_table():
    """The newcomer's table, drawn up by HR after the placement test and
    submitted: it waits in the 常务副总's 我的待办."""
    User = get_user_model()
    newcomer, trainer, hr = (User.objects.get(username=n) for n in ("newcomer", "trainer", "hr"))
    if hasattr(newcomer, "plan_table"):
        return
    table = traineeship.create_table(newcomer, hr, level=AfterSalesLevel.BASIC)
    start = timezone.localdate() + datetime.timedelta(days=7)
    for index, (content, department, goal) in enumerate(PLAN_ITEMS):
        traineeship.add_item(
            table, hr, content=content, department=Department.objects.get(code=department), trainer=trainer,
            planned_start=start + datetime.timedelta(days=14 * index),
            planned_end=start + datetime.timedelta(days=14 * index + 13), goal=goal)
    traineeship.submit(table, hr)
