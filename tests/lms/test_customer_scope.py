"""A customer's trainee reaches nothing but their own trainings.

The URLs are not a hand-written list: every pattern of the project is taken
from the resolver, its arguments filled with the ids of things that are not
theirs (another customer's session and course, a policy, an employee, an
exam of another course) and, for pages, every live page of the site; each is
requested with GET as an external trainee. Only the families open to them
(:data:`lms.customers.OPEN_TO_EXTERNAL`) may answer 200, and then only for
their own things; no response, whatever its status, may carry a policy's
title or text, an employee's name or another customer's trainee's name.
"""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lms import customers
from lms.models import Enrolment, EnrolmentSource, TrainingSession
from people.models import Confidentiality
from policies import access
from tests.factories import make_exam, make_policy, make_question, make_user

from .builders import make_course, make_session, make_survey, people
from .customer_builders import make_organisation, make_trainee

pytestmark = pytest.mark.django_db

POLICY_TITLE = "客户不可见的设备采购制度"
POLICY_SENTENCE = "采购审批须经三级会签客户不可见句。"


#: Open to anyone, showing nothing of anyone: the password reset's "this link is invalid" page.
HARMLESS = {"password_reset_confirm"}


def walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), namespaces + namespace)
        elif isinstance(pattern, URLPattern):
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            yield prefix + str(pattern.pattern), name


def fill(route, value, text):
    """``route`` with every argument filled: numbers with ``value``, the rest with ``text``."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    route = re.sub(r"<int:\w+>", str(value), route)
    route = re.sub(r"<(?:str|slug|path|uuid|[\w]+):\w+>|<\w+>", text, route)
    route = re.sub(r"\(\?P<\w+>\\d\+\)|\(\\d\+\)|\[0-9\]\+", str(value), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", text, route)
    route = route.replace("\\", "").replace("?", "")
    return "/" + route


@pytest.fixture
def world():
    crew = people()
    employee = make_user("employee_scope", first_name="甲乙", last_name="员")
    policy = make_policy(title=POLICY_TITLE, parts=[("para", POLICY_SENTENCE)],
                         confidentiality=Confidentiality.PUBLIC)
    ours, theirs = make_organisation("华东精密机械有限公司"), make_organisation("西北重工股份公司")
    me = make_trainee(ours, "customer_me", first_name="明", last_name="李")
    other = make_trainee(theirs, "customer_other", first_name="他客", last_name="欧阳")
    survey = make_survey()
    exam, other_exam = make_exam([make_question()], title="客户结业测验"), make_exam([make_question()], title="他课测验")
    course = make_course("客户设备操作培训", auto_enrol=False)
    course.exam = exam
    course.save_revision().publish()
    other_course = make_course("他单位的课程", auto_enrol=False)
    other_course.exam = other_exam
    other_course.save_revision().publish()
    Enrolment.objects.create(user=me, course=course, source=EnrolmentSource.ASSIGNED)
    Enrolment.objects.create(user=other, course=other_course, source=EnrolmentSource.ASSIGNED)
    Enrolment.objects.create(user=employee, course=other_course, source=EnrolmentSource.ASSIGNED)
    mine = make_session(crew["trainer"], invitees=[me], survey=survey, course=course)
    others = make_session(crew["trainer"], invitees=[other, employee], survey=survey, course=other_course)
    TrainingSession.objects.filter(pk=mine.pk).update(title="客户实训课堂")
    TrainingSession.objects.filter(pk=others.pk).update(title="他单位的实训课堂")
    mine.refresh_from_db()
    others.refresh_from_db()
    return {"crew": crew, "employee": employee, "policy": policy, "me": me, "other": other, "course": course,
            "other_course": other_course, "mine": mine, "others": others, "exam": exam, "other_exam": other_exam,
            "survey": survey}


def forbidden_texts(world):
    return [POLICY_TITLE, POLICY_SENTENCE, "甲乙", "员甲乙", "欧阳他客", "西北重工", "他单位的课程", "他课测验", "他单位的实训课堂"]


def test_no_url_of_the_project_shows_a_customer_trainee_anything_but_their_own_training(world, login):
    from wagtail.models import Page

    client = login(world["me"])
    # Pages (the other course, its exam) are reached through their URLs below.
    ids = [world["others"].pk, world["policy"].pk, world["employee"].pk, world["other"].pk]
    urls = set()
    for route, name in walk(get_resolver().url_patterns):
        if name in ("logout", "wagtailadmin_logout", "wagtail_serve"):
            continue
        values = ids if not route.startswith("admin/") else ids[:1]
        for value in values:
            urls.add((fill(route, value, world["others"].signin_token if "token" in route else "x"), name))
    for page in Page.objects.live().specific():
        if page.url:
            urls.add((page.url, "wagtail_serve"))
    urls.add((world["other_course"].url + f"lessons/{world['other_course'].lessons.first().pk}/", "wagtail_serve"))
    urls.add((world["survey"].url + f"?session={world['others'].pk}", "wagtail_serve"))
    own = {world["course"].url, world["exam"].url, f"/training/sessions/{world['mine'].pk}/", "/my/learning/",
           "/training/sessions/", "/my/notifications/", "/accounts/login/", "/i18n/setlang/", "/health/",
           "/health/live/", "/accounts/password/reset/", "/accounts/password/reset/sent/",
           "/accounts/password/reset/done/", world["survey"].url, "/accounts/second-factor/"}
    wrong, requested = [], 0
    for url, name in sorted(urls, key=lambda row: row[0]):
        response = client.get(url)
        requested += 1
        body = b"" if getattr(response, "streaming", False) else response.content
        text = body.decode(errors="ignore")
        leaked = [t for t in forbidden_texts(world) if t in text]
        if leaked:
            wrong.append(f"{url} ({name}) {response.status_code} shows {leaked}")
        if response.status_code == 200 and url.split("?")[0] not in own and name not in HARMLESS:
            wrong.append(f"{url} ({name}) answers 200")
        if response.status_code not in (200, 301, 302, 400, 403, 404, 405, 410):
            wrong.append(f"{url} ({name}) answers {response.status_code}")
    assert requested > 300, requested  # the admin, the portal, the LMS, assessments, the API
    assert not wrong, "\n".join(wrong)


def test_their_own_training_is_open_to_them(world, login):
    client = login(world["me"])
    for url in (world["course"].url, world["exam"].url, f"/training/sessions/{world['mine'].pk}/",
                "/my/learning/", world["course"].url + f"lessons/{world['course'].lessons.first().pk}/"):
        assert client.get(url).status_code == 200, url
    page = client.get("/my/learning/").content.decode()
    assert world["course"].title in page and world["mine"].title in page
    assert "/policies/" not in page and "搜索制度" not in page  # no dead links to what is closed


def test_the_home_page_takes_them_to_my_learning(world, login):
    response = login(world["me"]).get("/")
    assert response.status_code == 302 and response["Location"] == "/my/learning/"


def test_posting_to_an_employee_route_is_refused_too(world, login):
    client = login(world["me"])
    assert client.post("/training/assign/", {"course": world["course"].pk}).status_code == 403
    assert client.post(f"/training/sessions/{world['others'].pk}/sign-in/{world['others'].signin_token}/"
                       ).status_code == 404


def test_no_policy_is_cleared_for_them_even_a_public_one(world):
    assert not access.cleared(world["me"], world["policy"])
    assert world["policy"].pk in access.hidden_policy_ids(world["me"])
    assert access.cleared(world["employee"], world["policy"])


def test_the_scope_rule_lists_their_course_session_survey_and_exam_only(world):
    scope = customers.scope_of(world["me"])
    assert scope.course_ids == {world["course"].pk}
    assert scope.session_ids == {world["mine"].pk}
    assert scope.page_ids == {world["course"].pk, world["survey"].pk, world["exam"].pk}
    assert list(customers.visible_sessions(world["me"])) == [world["mine"]]
    assert set(customers.visible_sessions(world["employee"])) == {world["mine"], world["others"]}


def test_employees_are_not_narrowed(world, login):
    client = login(world["employee"])
    assert client.get("/policies/").status_code == 200
    assert client.get(world["course"].url).status_code == 200


def test_a_trainee_reaches_only_the_documents_of_their_lessons(world, rf):
    from django.core.files.base import ContentFile
    from django.http import Http404
    from django.urls import resolve
    from wagtail.documents.models import Document

    from lms.middleware import ExternalTraineeScopeMiddleware
    from lms.models import CourseLesson, LessonKind

    own = Document.objects.create(title="操作手册", file=ContentFile(b"manual", name="manual.txt"))
    foreign = Document.objects.create(title="员工手册", file=ContentFile(b"staff", name="staff.txt"))
    CourseLesson.objects.create(page=world["course"], title="手册", kind=LessonKind.FILE, document=own, sort_order=9)
    middleware = ExternalTraineeScopeMiddleware(lambda request: None)

    def decide(document):
        request = rf.get(document.url)
        request.user, request.resolver_match = world["me"], resolve(document.url)
        return middleware.process_view(request, request.resolver_match.func, request.resolver_match.args,
                                       request.resolver_match.kwargs)

    assert decide(own) is None  # on to Wagtail's own document serving
    with pytest.raises(Http404):
        decide(foreign)


def test_the_employee_login_backend_loads_whether_a_user_is_external_with_them(world, login, django_assert_num_queries):
    client = login(world["me"])
    from django.contrib.auth import get_user
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = client.session
    user = get_user(request)
    from people.external import is_external

    with django_assert_num_queries(0):
        assert is_external(user)
