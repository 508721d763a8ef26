"""Enrolment: new employees into their department's onboarding courses,
HR's assignments, the courses of a trainee's plan level, self-enrolment.
:func:`enrol` is the one place that creates enrolments."""
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from .models import CourseAssignment, CoursePage, Enrolment, EnrolmentSource, Track


def enrol(user, course, source, due_date=None, assignment=None):
    """Enrol ``user`` in ``course`` unless they are already; an earlier due
    date from a new assignment replaces a later one. Returns
    ``(enrolment, created)``."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        try:
            with transaction.atomic():
                return Enrolment.objects.create(
                    user=user, course=course, source=source, due_date=due_date, assignment=assignment
                ), True
        except IntegrityError:
            enrolment = Enrolment.objects.get(user=user, course=course)
    if due_date and enrolment.completed_at is None and (enrolment.due_date is None or due_date < enrolment.due_date):
        enrolment.due_date = due_date
        enrolment.assignment = assignment or enrolment.assignment
        enrolment.save(update_fields=["due_date", "assignment"])
    return enrolment, False


def apply_assignment(assignment):
    """Enrol everyone ``assignment`` reaches (run when HR saves it, in the
    admin or on the assignment page); return how many new enrolments."""
    return sum(
        1 for user in assignment.people()
        if enrol(user, assignment.course, EnrolmentSource.ASSIGNED, due_date=assignment.due_date,
                 assignment=assignment)[1]
    )


def onboarding_courses_for(profile):
    """The live onboarding courses with automatic enrolment that target
    the person's department (and role)."""
    courses = (
        CoursePage.objects.live()
        .filter(track=Track.ONBOARDING, auto_enrol=True)
        .prefetch_related("target_departments", "target_roles")
    )
    return [course for course in courses if course.targets(profile)]


def enrol_new_employee(profile, today=None):
    """A new employee with a department gets their onboarding courses, due
    ``course.due_days`` from ``today``. Returns the new enrolments."""
    if profile is None or profile.department_id is None:
        return []
    today = today or timezone.localdate()
    created = []
    for course in onboarding_courses_for(profile):
        enrolment, new = enrol(
            profile.user, course, EnrolmentSource.ONBOARDING, due_date=today + datetime.timedelta(days=course.due_days)
        )
        if new:
            created.append(enrolment)
    return created


def enrol_in_open_assignments(profile, today=None):
    """Someone who joins an assigned department or role, while the
    assignment is still open, gets it too."""
    if profile is None:
        return []
    today = today or timezone.localdate()
    assignments = CourseAssignment.objects.filter(due_date__gte=today, course__live=True)
    created = []
    for assignment in assignments.filter(departments=profile.department_id) if profile.department_id else []:
        enrolment, new = enrol(profile.user, assignment.course, EnrolmentSource.ASSIGNED,
                               due_date=assignment.due_date, assignment=assignment)
        if new:
            created.append(enrolment)
    for assignment in assignments.filter(roles=profile.job_role_id) if profile.job_role_id else []:
        enrolment, new = enrol(profile.user, assignment.course, EnrolmentSource.ASSIGNED,
                               due_date=assignment.due_date, assignment=assignment)
        if new:
            created.append(enrolment)
    return created


def enrol_in_level_courses(table):
    """An after-sales trainee whose plan table is approved takes the live
    courses of its plan level (基础/中级/高级, set by the placement test),
    due when the table's last planned line ends. Returns the new enrolments."""
    due = table.items.aggregate(end=Max("planned_end"))["end"]
    created = []
    for course in CoursePage.objects.live().filter(after_sales_level=table.level):
        enrolment, new = enrol(table.trainee, course, EnrolmentSource.ASSIGNED, due_date=due)
        if new:
            created.append(enrolment)
    return created
