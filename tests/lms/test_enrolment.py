"""Who is enrolled in what: onboarding for new employees, HR's assignments."""
import datetime

import pytest
from django.utils import timezone

from lms.enrolling import apply_assignment
from lms.models import CourseAssignment, Enrolment, EnrolmentSource, Track
from lms.progress import my_learning
from people.models import Profile
from tests.factories import DepartmentFactory, JobRoleFactory, UserFactory, make_user

from .builders import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments():
    return DepartmentFactory(code="after-sales", name="售后部"), DepartmentFactory(code="production", name="生产部")


def test_new_employee_is_enrolled_in_their_departments_onboarding_course(departments):
    after_sales, production = departments
    ours = make_course("售后岗前培训", departments=[after_sales])
    theirs = make_course("生产岗前培训", departments=[production])
    everyone = make_course("新员工入职培训")

    newcomer = make_user("newcomer", department=after_sales)

    enrolled = set(Enrolment.objects.filter(user=newcomer).values_list("course_id", flat=True))
    assert enrolled == {ours.pk, everyone.pk}
    assert theirs.pk not in enrolled
    enrolment = Enrolment.objects.get(user=newcomer, course=ours)
    assert enrolment.source == EnrolmentSource.ONBOARDING
    assert enrolment.due_date == timezone.localdate() + datetime.timedelta(days=ours.due_days)


def test_in_service_and_manual_courses_are_not_automatic(departments):
    after_sales, _ = departments
    make_course("在岗轮训", track=Track.IN_SERVICE, departments=[after_sales])
    make_course("选修入职课", departments=[after_sales], auto_enrol=False)

    newcomer = make_user("newcomer", department=after_sales)

    assert not Enrolment.objects.filter(user=newcomer).exists()


def test_a_role_target_narrows_the_department(departments):
    after_sales, _ = departments
    trainee_role, clerk_role = JobRoleFactory(code="trainee"), JobRoleFactory(code="clerk")
    make_course("受训人员岗前培训", departments=[after_sales], roles_=[trainee_role])

    assert Enrolment.objects.filter(user=make_user("t1", department=after_sales, job_role=trainee_role)).exists()
    assert not Enrolment.objects.filter(user=make_user("c1", department=after_sales, job_role=clerk_role)).exists()


def test_employee_without_department_is_enrolled_once_one_is_set(departments):
    after_sales, _ = departments
    course = make_course("售后岗前培训", departments=[after_sales])
    user = UserFactory(username="later")
    assert not Enrolment.objects.filter(user=user).exists()

    profile = Profile.objects.get(user=user)
    profile.department = after_sales
    profile.save()

    assert Enrolment.objects.filter(user=user, course=course).count() == 1


def test_a_transfer_is_not_a_new_employee(departments):
    after_sales, production = departments
    make_course("生产岗前培训", departments=[production])
    user = make_user("mover", department=after_sales)

    profile = Profile.objects.get(user=user)
    profile.department = production
    profile.save()

    assert not Enrolment.objects.filter(user=user, course__title="生产岗前培训").exists()


def test_hr_assigns_an_in_service_course_to_a_department_and_a_person(departments):
    after_sales, production = departments
    course = make_course("在岗轮训", track=Track.IN_SERVICE)
    member = make_user("member", department=after_sales)
    outsider = make_user("outsider", department=production)
    named = make_user("named", department=production)
    due = datetime.date(2026, 6, 30)

    assignment = CourseAssignment.objects.create(course=course, due_date=due)
    assignment.departments.add(after_sales)
    assignment.users.add(named)
    assert apply_assignment(assignment) == 2

    assert Enrolment.objects.get(user=member, course=course).due_date == due
    assert Enrolment.objects.get(user=named, course=course).source == EnrolmentSource.ASSIGNED
    assert not Enrolment.objects.filter(user=outsider, course=course).exists()
    assert apply_assignment(assignment) == 0, "applying again enrols nobody twice"


def test_assignment_to_a_role_reaches_people_who_take_the_role_later(departments):
    after_sales, _ = departments
    role = JobRoleFactory(code="technician")
    course = make_course("技工轮训", track=Track.IN_SERVICE)
    assignment = CourseAssignment.objects.create(course=course, due_date=timezone.localdate() + datetime.timedelta(days=30))
    assignment.roles.add(role)
    apply_assignment(assignment)

    joiner = make_user("joiner", department=after_sales)
    profile = Profile.objects.get(user=joiner)
    profile.job_role = role
    profile.save()

    assert Enrolment.objects.filter(user=joiner, course=course, assignment=assignment).exists()


def test_the_earlier_due_date_of_two_assignments_wins(departments):
    after_sales, _ = departments
    course = make_course("在岗轮训", track=Track.IN_SERVICE)
    person = make_user("p", department=after_sales)
    late = CourseAssignment.objects.create(course=course, due_date=datetime.date(2026, 9, 1))
    late.users.add(person)
    apply_assignment(late)
    early = CourseAssignment.objects.create(course=course, due_date=datetime.date(2026, 7, 1))
    early.users.add(person)
    apply_assignment(early)

    assert Enrolment.objects.get(user=person, course=course).due_date == datetime.date(2026, 7, 1)


def test_my_learning_puts_overdue_courses_first(departments):
    after_sales, _ = departments
    person = make_user("p", department=after_sales)
    soon = make_course("本月轮训", track=Track.IN_SERVICE)
    overdue = make_course("上月轮训", track=Track.IN_SERVICE)
    for course, due in ((soon, datetime.date(2026, 5, 31)), (overdue, datetime.date(2026, 4, 30))):
        assignment = CourseAssignment.objects.create(course=course, due_date=due)
        assignment.users.add(person)
        apply_assignment(assignment)

    rows = my_learning(person, today=datetime.date(2026, 5, 10))

    assert [r["course"].title for r in rows] == ["上月轮训", "本月轮训"]
    assert rows[0]["status"] == "overdue" and rows[0]["overdue_days"] == 10
    assert rows[1]["status"] == "not_started" and rows[1]["days_left"] == 21


def test_hr_form_assigns_and_reports_how_many_were_enrolled(departments, login):
    after_sales, _ = departments
    course = make_course("在岗轮训", track=Track.IN_SERVICE)
    make_user("a1", department=after_sales)
    make_user("a2", department=after_sales)
    hr = make_user("hr_t", groups=["人资部"])

    response = login(hr).post("/training/assign/", {
        "course": course.pk, "departments": [after_sales.pk], "due_date": "2026-08-31", "note": "季度轮训",
    }, follow=True)

    assert "新增 2 人报名" in response.content.decode()
    assert Enrolment.objects.filter(course=course).count() == 2


def test_only_hr_may_assign(departments, login):
    response = login(make_user("plain")).get("/training/assign/")
    assert response.status_code == 403


def test_an_assignment_saved_in_the_admin_enrols_people(departments, login):
    after_sales, _ = departments
    course = make_course("在岗轮训", track=Track.IN_SERVICE)
    member = make_user("member", department=after_sales)
    hr = make_user("hr_t", groups=["人资部"])

    response = login(hr).post("/admin/snippets/lms/courseassignment/add/", {
        "course": course.pk, "departments": [after_sales.pk], "due_date": "2026-09-30", "note": "",
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    enrolment = Enrolment.objects.get(user=member, course=course)
    assert enrolment.due_date == datetime.date(2026, 9, 30) and enrolment.assignment.assigned_by == hr
