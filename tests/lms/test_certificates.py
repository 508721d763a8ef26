"""Completing a course issues a certificate with a code anyone in the company can verify."""
import pytest

from lms.models import Certificate, Enrolment, LessonKind
from lms.progress import complete_lesson, record_exam_result
from tests.factories import make_user

from .builders import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course("新员工入职培训", lessons=[
        ("公司发展历史", LessonKind.TEXT, {}), ("企业文化", LessonKind.TEXT, {})])


def test_the_last_lesson_completes_the_course_and_issues_the_certificate(course):
    learner = make_user("learner", first_name="小明", last_name="王")
    first, second = course.ordered_lessons()

    complete_lesson(learner, first)
    assert not Certificate.objects.exists()
    complete_lesson(learner, second)

    certificate = Certificate.objects.get()
    assert certificate.holder_name == "王小明" and certificate.course_title == "新员工入职培训"
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_a_course_with_an_exam_waits_for_the_pass(course):
    from django.contrib.contenttypes.models import ContentType

    course.exam_content_type = ContentType.objects.get_for_model(course)  # any model until assessments exist
    course.exam_object_id = course.pk
    course.save()
    learner = make_user("learner")
    for lesson in course.ordered_lessons():
        complete_lesson(learner, lesson)
    assert not Certificate.objects.exists()

    record_exam_result(Enrolment.objects.get(user=learner), passed=True)

    assert Certificate.objects.filter(enrolment__user=learner).exists()


def test_any_employee_can_verify_a_code_and_a_wrong_code_is_not_found(course, login):
    learner = make_user("learner", first_name="小明", last_name="王")
    for lesson in course.ordered_lessons():
        complete_lesson(learner, lesson)
    code = Certificate.objects.get().code
    colleague = login(make_user("colleague"))

    found = colleague.get(f"/certificates/verify/{code}/")
    missing = colleague.get("/certificates/verify/AAAA-BBBB-CCCC/")

    assert found.status_code == 200 and "证书有效" in found.content.decode() and "王小明" in found.content.decode()
    assert missing.status_code == 404 and "未找到" in missing.content.decode()


def test_the_certificate_pdf_is_for_the_holder_and_hr(course, login):
    pytest.importorskip("weasyprint")
    learner = make_user("learner")
    for lesson in course.ordered_lessons():
        complete_lesson(learner, lesson)
    code = Certificate.objects.get().code

    mine = login(learner).get(f"/certificates/{code}/pdf/")
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    assert login(make_user("colleague")).get(f"/certificates/{code}/pdf/").status_code == 403


def test_a_code_typed_into_the_verification_form_is_found_with_or_without_dashes(course, login):
    learner = make_user("learner", first_name="小明", last_name="王")
    for lesson in course.ordered_lessons():
        complete_lesson(learner, lesson)
    code = Certificate.objects.get().code
    colleague = login(make_user("colleague"))

    form = colleague.get("/certificates/verify/").content.decode()
    typed = colleague.get("/certificates/verify/", {"code": code.replace("-", " ").lower()}, follow=True)

    assert 'name="code"' in form and "请输入结业证书上印制的验证码" in form
    assert typed.redirect_chain[-1][0] == f"/certificates/verify/{code}/"
    assert "证书有效" in typed.content.decode() and "王小明" in typed.content.decode()


def test_a_revoked_certificate_says_so(course, login):
    from django.utils import timezone

    learner = make_user("learner")
    for lesson in course.ordered_lessons():
        complete_lesson(learner, lesson)
    certificate = Certificate.objects.get()
    certificate.revoked_at = timezone.now()
    certificate.save()

    html = login(make_user("colleague")).get(certificate.get_absolute_url()).content.decode()
    assert "证书已撤销" in html and "证书有效" not in html
