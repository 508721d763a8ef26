"""The home page is the reader's dashboard: besides the counts of what waits
on them, every reader sees 最近修订 (the policies revised lately that they may
read, through the one clearance rule), 我的课程 (their enrolments with
progress) and 我的成绩 (their latest results and grade), each with an empty
state; and the page costs the same queries however much there is to show."""
import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from assessments import attempts as engine
from assessments import decisions
from lms.enrolling import enrol
from lms.models import EnrolmentSource, LessonKind, LessonProgress
from lms.progress import complete_lesson
from people.models import Confidentiality
from tests.assessments.exams import right_answers
from tests.factories import (
    DepartmentFactory,
    make_exam,
    make_policy,
    make_practical_exam,
    make_question,
    make_scoped_policy,
    make_user,
    publish_new_version,
    score_all,
)
from tests.lms.builders import make_course

pytestmark = pytest.mark.django_db


def panel(html, key):
    """The body of one dashboard panel (``revisions``, ``courses``, ``results``)."""
    return html.split(f'id="panel-{key}"', 1)[1].split("</section>", 1)[0]


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def revised(title, number, **fields):
    policy = make_policy(title=title, document_number=number, **fields)
    return publish_new_version(policy, f"{title}：第二条修订。", parts=[("chapter", "总则"), ("article", "修订后的条文。")])


# ---- 最近修订 -------------------------------------------------------------------------------


def test_recent_revisions_list_the_revised_policies_with_their_redline(employee, login):
    make_policy(title="只发布过一次的制度", document_number="RV-000")
    policy = revised("考勤管理制度", "RV-001")
    body = panel(home(login(employee)), "revisions")
    assert "考勤管理制度" in body and "RV-001" in body and "第 2 版" in body
    assert "考勤管理制度：第二条修订。" in body
    assert f'href="{policy.url}compare/1/2/"' in body
    assert "只发布过一次的制度" not in body  # published, never revised


def test_recent_revisions_show_each_policy_once_at_its_latest_revision(employee, login):
    policy = revised("考勤管理制度", "RV-001")
    publish_new_version(policy, "第三版说明", parts=[("chapter", "总则"), ("article", "第三版条文。")])
    body = panel(home(login(employee)), "revisions")
    assert body.count("考勤管理制度</strong>") == 1
    assert "compare/2/3/" in body and "compare/1/2/" not in body


def test_recent_revisions_only_show_what_the_reader_is_cleared_for(login):
    after_sales = DepartmentFactory(code="after-sales", name="售后部")
    employee = make_user("plain_reader", clearance=0)
    cleared = make_user("cleared_reader", clearance=2, department=after_sales)
    outside = make_user("outside_reader", clearance=2)  # cleared, but not in the policy's scope
    policy = make_scoped_policy(departments=[after_sales], title="售后价格保密规定", document_number="RV-SEC",
                                confidentiality=Confidentiality.CONFIDENTIAL)
    publish_new_version(policy, "第六条修订")
    restricted = revised("董事会议事规则", "RV-BRD")
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="董事会"))
    assert "售后价格保密规定" in panel(home(login(cleared)), "revisions")
    for reader in (employee, outside):
        body = panel(home(login(reader)), "revisions")
        assert "售后价格保密规定" not in body and "RV-SEC" not in body
        assert "董事会议事规则" not in body


def test_recent_revisions_have_an_empty_state(employee, login):
    make_policy()
    body = panel(home(login(employee)), "revisions")
    assert 'class="empty-state"' in body and "近期没有您可查阅的制度修订" in body
    assert 'href="/policies/"' in body


# ---- 我的课程 --------------------------------------------------------------------------------


def test_my_courses_show_progress_due_dates_and_the_next_lesson(employee, login):
    course = make_course(title="新员工入职培训", lessons=[("公司历史", LessonKind.TEXT, {}),
                                                      ("企业文化", LessonKind.TEXT, {})])
    enrolment, _created = enrol(employee, course, EnrolmentSource.SELF)
    enrolment.due_date = timezone.localdate() + datetime.timedelta(days=10)
    enrolment.save()
    complete_lesson(employee, course.ordered_lessons()[0])
    body = panel(home(login(employee)), "courses")
    assert "新员工入职培训" in body and "1 / 2 课时" in body and 'value="50"' in body
    assert "还剩 10 天" in body
    second = course.ordered_lessons()[1]
    assert f'href="{second.get_url()}"' in body and "继续学习" in body
    assert "共 1 门课程，已完成 0 门。" in body


def test_a_course_not_yet_begun_offers_to_start_it(employee, login):
    course = make_course(title="企业文化课程", lessons=[("企业文化", LessonKind.TEXT, {})])
    enrol(employee, course, EnrolmentSource.SELF)
    body = panel(home(login(employee)), "courses")
    assert "开始学习" in body and "继续学习" not in body and "未开始" in body


def test_my_courses_have_an_empty_state_pointing_at_the_catalogue(employee, login):
    make_course(title="自选课程")  # in the catalogue, not enrolled
    body = panel(home(login(employee)), "courses")
    assert 'class="empty-state"' in body and "您目前没有参加的课程" in body
    assert 'href="/courses/"' in body and "自选课程" not in body


# ---- 我的成绩 --------------------------------------------------------------------------------


def objective_exam(**fields):
    return make_exam([make_question("single", text=f"题目 {k}") for k in range(3)], **fields)


def test_my_results_show_the_score_where_the_exam_shows_it(employee, login):
    shown = objective_exam(title="成绩可查的考试")
    hidden = objective_exam(title="成绩保密的考试", review_marks="never")
    for exam in (shown, hidden):
        attempt = engine.start_attempt(exam, employee)
        engine.submit_attempt(attempt, answers=right_answers(attempt), seq=1)
    body = panel(home(login(employee)), "results")
    shown_row = body.split("成绩可查的考试", 1)[1].split("</li>", 1)[0]
    hidden_row = body.split("成绩保密的考试", 1)[1].split("</li>", 1)[0]
    assert "100 分" in shown_row and "通过" in shown_row
    assert "分</span>" not in hidden_row and "成绩已评定，暂未公布" in hidden_row


def test_my_results_show_practical_results_and_the_confirmed_grade(login):
    from tests.assessments.schemes import ENGINEER

    trainee = make_user("graded_trainee")
    exam = make_practical_exam(trainee=trainee, machine_model="CNC-850 数控车床")
    score_all(exam, [90, 90, 90, 90, 90])
    hr = make_user("grading_hr", is_superuser=True)
    decisions.confirm(decisions.record_decision(trainee, 95, 95, ENGINEER, recorded_by=hr), hr)
    body = panel(home(login(trainee)), "results")
    assert "CNC-850 数控车床" in body and "90 分" in body and "合格" in body
    assert "定职定级：" in body and "工程师" in body


def test_my_results_have_an_empty_state(employee, login):
    objective_exam()
    body = panel(home(login(employee)), "results")
    assert 'class="empty-state"' in body and "暂无考试成绩" in body and 'href="/exams/"' in body


# ---- the queries do not grow ------------------------------------------------------------


def build(reader, n):
    for i in range(n):
        revised(f"制度{i:02d}", f"QC-{i:03d}")
        course = make_course(title=f"课程{i:02d}", lessons=[("课时一", LessonKind.TEXT, {}), ("课时二", LessonKind.TEXT, {})])
        enrol(reader, course, EnrolmentSource.SELF)
        complete_lesson(reader, course.ordered_lessons()[0])
        exam = objective_exam(title=f"考试{i:02d}")
        attempt = engine.start_attempt(exam, reader)
        engine.submit_attempt(attempt, answers=right_answers(attempt), seq=1)


#: The home page with its four panels, however many revisions, courses, results and
#: acknowledgements (待确认阅读 shares its rows with the header's badge).
HOME_CEILING = 27


@pytest.mark.parametrize("n", [2, 12])
def test_the_dashboard_costs_the_same_queries_with_2_or_12_of_everything(login, django_assert_max_num_queries, n):
    reader = make_user("busy_reader")
    build(reader, n)
    assert LessonProgress.objects.filter(user=reader).count() == n
    client = login(reader)
    client.get("/")  # per-process caches filled, as on a running server
    with django_assert_max_num_queries(HOME_CEILING):
        html = home(client)
    shown = min(n, 5)
    assert panel(html, "revisions").count("<li>") == shown and panel(html, "courses").count("<li>") == shown
    assert f"共 {n} 门课程" in panel(html, "courses") and panel(html, "results").count("<li>") == min(n, 4)


# ---- 待确认阅读 -----------------------------------------------------------------------------


def test_due_acknowledgements_list_the_five_due_first_and_count_the_rest(employee, login):
    from policies.models import AcknowledgementTask

    for i in range(7):
        make_policy(title=f"待确认制度{i}", document_number=f"DU-{i:03}")
    tasks = list(AcknowledgementTask.objects.filter(user=employee).order_by("pk"))
    assert len(tasks) == 7
    today = timezone.localdate()
    for offset, task in zip([9, 3, 12, -2, 5, 20, 7], tasks, strict=True):
        AcknowledgementTask.objects.filter(pk=task.pk).update(due=today + datetime.timedelta(days=offset))

    html = home(login(employee))
    body = panel(html, "due")
    shown = [f"待确认制度{i}" for i in (3, 1, 4, 6, 0)]  # due -2, 3, 5, 7, 9 days from today
    assert [title for title in shown if title in body] == shown
    assert body.index("待确认制度3") < body.index("待确认制度1") < body.index("待确认制度0")
    assert "待确认制度2" not in body and "待确认制度5" not in body
    assert "逾期 2 天" in body and "另有 2 项待确认" in body
    # The header's badge still counts every task (read once for the panel and the badge).
    assert 'class="figure alerting">7<' in html


def test_due_acknowledgements_have_an_empty_state(login):
    html = home(login(make_user("nothing_due")))
    assert "没有待确认阅读的制度。" in panel(html, "due")


def test_due_acknowledgements_leave_out_what_the_reader_may_no_longer_open_or_is_out_of_scope_of(employee, login):
    """The panel reads its five rows and its count in SQL, by the same rule as
    我的待办 (policies.acknowledgements.open_tasks): a policy closed to the
    reader afterwards, or whose scope no longer takes them in, drops out of both."""
    from policies.acknowledgements import open_tasks

    policies = [make_policy(title=f"范围制度{i}", document_number=f"SC-{i:03}") for i in range(8)]
    restriction = PageViewRestriction.objects.create(page=policies[0], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="董事会"))
    policies[1].scope_departments.set([DepartmentFactory(code="elsewhere", name="别处")])
    policies[1].save()  # a ParentalManyToManyField is written with the page

    body = panel(home(login(employee)), "due")
    expected = [task.version.page.title for task in open_tasks(employee)]
    assert len(expected) == 6 and "范围制度0" not in expected and "范围制度1" not in expected
    assert [title for title in expected if title in body] == expected[:5]
    assert "范围制度0" not in body and "范围制度1" not in body
    assert "另有 1 项待确认" in body
