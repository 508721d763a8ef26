"""A "read this policy" lesson: reading the version in force completes it;
a new substantive version reopens it, an editorial one does not."""
import pytest

from lms.models import LessonKind, LessonProgress
from lms.progress import complete_lesson, course_progress, my_learning
from people.models import Notification
from tests.factories import DepartmentFactory, make_policy, make_user, publish_new_version

from .builders import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    department = DepartmentFactory(code="after-sales", name="售后部")
    policy = make_policy("培训管理制度", document_number="HR-TR-001")
    course = make_course("新员工入职培训", departments=[department], lessons=[
        ("阅读培训管理制度", LessonKind.POLICY, {"policy": policy}),
        ("公司历史", LessonKind.TEXT, {"body": "<p>历史</p>"}),
    ])
    lesson = course.lessons.get(kind=LessonKind.POLICY)
    reader = make_user("reader", department=department)
    return policy, course, lesson, reader


def test_reading_the_version_in_force_completes_the_lesson(setup, login):
    policy, course, lesson, reader = setup
    client = login(reader)

    page = client.get(lesson.get_url())
    assert "我已阅读本制度（第 1 版）" in page.content.decode()
    client.post(lesson.get_url(), {"version": 1})

    state = course_progress(reader, course).lessons[0]
    assert state.done
    assert LessonProgress.objects.get(user=reader, lesson=lesson).policy_version_number == 1


def test_a_new_substantive_version_reopens_the_lesson(setup, django_capture_on_commit_callbacks):
    policy, course, lesson, reader = setup
    complete_lesson(reader, lesson, version_number=1)

    with django_capture_on_commit_callbacks(execute=True):
        publish_new_version(policy, "第五条培训学时由16改为24", parts=[("article", "每年培训不少于24学时。")])

    state = course_progress(reader, course).lessons[0]
    assert not state.done and state.reopened
    row = my_learning(reader)[0]
    assert [s.lesson.title for s in row["progress"].reopened] == ["阅读培训管理制度"]
    assert Notification.objects.filter(user=reader, title__contains="请重新学习").exists()


def test_reading_the_new_version_completes_it_again(setup):
    policy, course, lesson, reader = setup
    complete_lesson(reader, lesson, version_number=1)
    publish_new_version(policy, "新增第六条", parts=[("article", "新条款。")])

    complete_lesson(reader, lesson, version_number=2)

    assert course_progress(reader, course).lessons[0].done


def test_an_editorial_correction_does_not_reopen_it(setup):
    policy, course, lesson, reader = setup
    complete_lesson(reader, lesson, version_number=1)

    publish_new_version(policy, "改正错别字", revision_kind="editorial")

    assert course_progress(reader, course).lessons[0].done


def test_confirming_a_version_that_is_no_longer_in_force_is_refused(setup, login):
    policy, course, lesson, reader = setup
    publish_new_version(policy, "修订", parts=[("article", "新条款。")])

    response = login(reader).post(lesson.get_url(), {"version": 1}, follow=True)

    assert "已发布第 2 版" in response.content.decode()
    assert not LessonProgress.objects.filter(user=reader, lesson=lesson).exists()


def test_a_reader_without_clearance_cannot_complete_a_secret_policy_lesson(login):
    secret = make_policy("售后机密制度", document_number="AS-SEC-1", confidentiality=2)
    course = make_course("售后课程", lessons=[("阅读机密制度", LessonKind.POLICY, {"policy": secret})])
    lesson = course.lessons.get()
    reader = make_user("low", clearance=0)
    client = login(reader)

    assert "您没有阅读此密级文件的权限" in client.get(lesson.get_url()).content.decode()
    assert client.post(lesson.get_url(), {"version": 1}).status_code == 403
    assert not LessonProgress.objects.filter(lesson=lesson).exists()
