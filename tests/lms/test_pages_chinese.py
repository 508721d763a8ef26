"""Every page a trainee, trainer or HR uses renders, in Chinese."""
import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from lms import traineeship
from lms.models import LessonKind, PostChangeTraining, TrainingPlan
from tests.factories import DepartmentFactory, make_policy

from .builders import approved_table, make_course, make_session, make_survey, people

pytestmark = pytest.mark.django_db

ENGLISH_UI = re.compile(r">\s*(Submit|Save|Sign|Due|Progress|Course|Lesson|Status|Trainer|Trainee|Back)\b")


@pytest.fixture
def world():
    policy = make_policy("培训管理制度", document_number="HR-TR-001")
    course = make_course("售后岗前培训", departments=[DepartmentFactory(code="after-sales", name="售后部")], lessons=[
        ("产品结构", LessonKind.TEXT, {"body": "<p>结构</p>"}),
        ("阅读培训管理制度", LessonKind.POLICY, {"policy": policy})])
    p = people()  # the trainee joins after-sales: enrolled in its onboarding course
    table = approved_table(p)
    traineeship.record_entry(table.current_item, p["trainer"], datetime.date(2026, 3, 3), "接线", "良好")
    survey = make_survey()
    session = make_session(p["trainer"], starts_at=timezone.now() - datetime.timedelta(minutes=1),
                           invitees=[p["trainee"]], survey=survey)
    from lms import attendance

    attendance.sign_in(session, p["trainee"], session.signin_token)  # so the survey is open to them
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    hr_group = Group.objects.get(name="人资部")  # HR edits courses, as setup_lms_demo arranges
    hr_group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=hr_group, page=course.get_parent(),
                                           permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                                             codename=codename))
    plan = TrainingPlan.objects.create(kind="annual", title="2027年度培训计划", starts_on=datetime.date(2027, 1, 1),
                                       ends_on=datetime.date(2027, 12, 31))
    change = PostChangeTraining.objects.create(person=p["trainee"], kind="transfer", to_department=p["technical"],
                                               starts_on=datetime.date(2026, 3, 1))
    return p, course, table, session, survey, plan, change


def pages(world):
    p, course, table, session, survey, plan, change = world
    lessons = [lesson.get_url() for lesson in course.ordered_lessons()]
    return {
        "trainee": ["/my/learning/", "/courses/", course.url, *lessons, table.get_absolute_url(),
                    f"/training/plan-tables/{table.pk}/print/", "/training/sessions/", session.get_absolute_url(),
                    session.signin_path(), f"/training/post-changes/{change.pk}/", "/training/needs/",
                    "/certificates/verify/", f"{survey.url}?session={session.pk}"],
        "trainer": ["/my/learning/", table.get_absolute_url(), "/training/plan-tables/", session.get_absolute_url()],
        "hr": ["/my/learning/", "/training/assign/", "/training/plans/", f"/training/plans/{plan.pk}/",
               "/training/needs/", "/training/plan-tables/", table.get_absolute_url(),
               f"/training/post-changes/{change.pk}/", "/admin/lms/surveys/", f"/admin/lms/surveys/{survey.pk}/",
               "/admin/snippets/lms/trainer/", "/admin/snippets/lms/trainingplan/",
               "/training/plan-tables/new/", f"/admin/pages/add/lms/coursepage/{course.get_parent().pk}/",
               "/admin/snippets/lms/trainingsession/add/", "/admin/snippets/lms/courseassignment/add/",
               f"/admin/settings/lms/trainingsettings/{Site.objects.get(is_default_site=True).pk}/",
               "/training/needs-surveys/", "/training/course-development/", "/training/trainers/",
               "/admin/snippets/lms/needssurvey/", "/admin/snippets/lms/needssurvey/add/",
               "/admin/snippets/lms/coursedevelopment/", "/admin/snippets/lms/coursedevelopment/add/",
               "/admin/snippets/lms/trainer/add/", "/admin/snippets/lms/trainingplan/add/"],
    }


@pytest.mark.parametrize("who", ["trainee", "trainer", "hr"])
def test_pages_render_in_chinese(world, login, who):
    client = login(world[0][who])
    for url in pages(world)[who]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert 'lang="zh-hans"' in html, url
        if url.startswith("/admin/"):  # Wagtail's own chrome has a few untranslated strings
            html = html.split('<main', 1)[1].split("</main>", 1)[0]
            html = html.split("w-keyboard-shortcuts", 1)[0]
            html = re.sub(r'<tr class="w-keyboard_shortcuts__key">.*?</tr>', "", html, flags=re.S)
            html = re.sub(r"<template data-w-messages-target.*?</template>", "", html, flags=re.S)
        assert not ENGLISH_UI.search(html), (url, ENGLISH_UI.search(html))


def test_my_learning_shows_what_is_due(world, login):
    p, course, *_ = world
    html = login(p["trainee"]).get("/my/learning/").content.decode()
    assert "我的学习" in html and "售后岗前培训" in html and "完成期限" in html and "0 / 2" in html
    assert "我的培训计划表" in html and "电气原理图识读" in html
