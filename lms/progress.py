"""Progress through a course: which lessons are done, whether a policy
lesson was reopened by a newer substantive version, completion and the
certificate.

Completion of a policy lesson is derived, never stored as a flag: the
progress row keeps the version number read, and the lesson is complete while
that number is at least the newest *substantive* version's. A new
substantive version therefore reopens the lesson by itself; an editorial fix
does not (:func:`lms.rules.policy_lesson_complete`)."""
import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import person_name
from policies.models import PolicyVersion

from . import rules
from .enrolling import enrol
from .models import Certificate, Enrolment, EnrolmentSource, EnrolmentStatus, LessonKind, LessonProgress


def required_policy_version(policy):
    """The version a reader must have read: the newest substantive one."""
    return PolicyVersion.objects.filter(page=policy, substantive=True).order_by("-number").first()


def current_policy_version(policy):
    return PolicyVersion.objects.filter(page=policy).order_by("-number").first()


@dataclasses.dataclass
class LessonState:
    lesson: object
    progress: object = None
    required_number: int = None

    @property
    def done(self):
        if self.progress is None:
            return False
        if self.lesson.kind == LessonKind.POLICY:
            return rules.policy_lesson_complete(self.progress.policy_version_number, self.required_number)
        return True

    @property
    def reopened(self):
        """Completed once, but a newer substantive version must be read."""
        return self.progress is not None and not self.done


@dataclasses.dataclass
class CourseProgress:
    course: object
    lessons: list

    @property
    def total(self):
        return len(self.lessons)

    @property
    def done(self):
        return sum(1 for state in self.lessons if state.done)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self):
        return self.total > 0 and self.done == self.total

    @property
    def reopened(self):
        return [state for state in self.lessons if state.reopened]

    def next_lesson(self):
        return next((state.lesson for state in self.lessons if not state.done), None)


def lesson_state(user, lesson):
    progress = LessonProgress.objects.filter(user=user, lesson=lesson).first() if user.is_authenticated else None
    required = required_policy_version(lesson.policy) if lesson.kind == LessonKind.POLICY and lesson.policy else None
    return LessonState(lesson, progress, required.number if required else None)


def course_progress(user, course):
    lessons = course.ordered_lessons()
    progress = {}
    if getattr(user, "is_authenticated", False):
        progress = {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__in=lessons)}
    states = []
    for lesson in lessons:
        required = None
        if lesson.kind == LessonKind.POLICY and lesson.policy_id:
            version = required_policy_version(lesson.policy_id)
            required = version.number if version else None
        states.append(LessonState(lesson, progress.get(lesson.pk), required))
    return CourseProgress(course, states)


def enrolment_status(enrolment, progress, today):
    if progress.complete and (enrolment.exam_passed_at or not enrolment.course.has_exam):
        return EnrolmentStatus.COMPLETED
    if enrolment.due_date and today > enrolment.due_date:
        return EnrolmentStatus.OVERDUE
    if progress.done or progress.reopened:
        return EnrolmentStatus.IN_PROGRESS
    return EnrolmentStatus.NOT_STARTED


@transaction.atomic
def complete_lesson(user, lesson, version_number=None, now=None):
    """Record that ``user`` completed ``lesson``. For a policy lesson they
    must have read the version in force: ``version_number`` is the version
    shown to them, refused if a newer one has been published meanwhile.
    Enrols the user (自主报名) if they were not, and completes the course
    when this was its last lesson. Returns the progress row."""
    now = now or timezone.now()
    enrolment, _created = enrol(user, lesson.page, EnrolmentSource.SELF)
    fields = {"completed_at": now, "policy_version": None, "policy_version_number": None}
    if lesson.kind == LessonKind.POLICY:
        current = current_policy_version(lesson.policy) if lesson.policy_id else None
        if current is None:
            raise ValidationError(_("该制度尚未发布，无法完成阅读。"))
        if version_number is not None and int(version_number) != current.number:
            raise ValidationError(
                _("该制度已发布第 %(n)d 版，请阅读现行版本后再确认。") % {"n": current.number}
            )
        fields.update(policy_version=current, policy_version_number=current.number)
    progress, _created = LessonProgress.objects.update_or_create(user=user, lesson=lesson, defaults=fields)
    update_completion(enrolment, now=now)
    return progress


def update_completion(enrolment, now=None):
    """Mark the enrolment complete (and issue the certificate) once every
    lesson is done and the final exam, if any, passed. Returns the
    certificate, if there is one. Completion is kept once reached: a later
    reopened lesson shows in My learning but does not take a certificate back."""
    course = enrolment.course
    progress = course_progress(enrolment.user, course)
    if not progress.complete or (course.has_exam and not enrolment.exam_passed_at):
        return getattr(enrolment, "certificate", None) if enrolment.completed_at else None
    if enrolment.completed_at is None:
        enrolment.completed_at = now or timezone.now()
        enrolment.save(update_fields=["completed_at"])
    if not course.issues_certificate:
        return None
    certificate, _created = Certificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "holder_name": person_name(enrolment.user),
            "course_title": course.title,
            "issued_at": enrolment.completed_at,
        },
    )
    return certificate


def record_exam_result(enrolment, passed, now=None):
    """The course's final exam was graded (the assessments app calls this):
    a pass may complete the course and issue the certificate. Returns the
    certificate, if there is one."""
    if passed and enrolment.exam_passed_at is None:
        enrolment.exam_passed_at = now or timezone.now()
        enrolment.save(update_fields=["exam_passed_at"])
    return update_completion(enrolment, now=now)


def my_learning(user, today=None):
    """Everything ``user`` is enrolled in, with progress and status; what is
    due soonest first, completed courses last."""
    today = today or timezone.localdate()
    rows = []
    enrolments = (
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "certificate")
        .order_by("due_date", "pk")
    )
    for enrolment in enrolments:
        course = enrolment.course
        progress = course_progress(user, course)
        status = enrolment_status(enrolment, progress, today)
        rows.append({
            "enrolment": enrolment, "course": course, "progress": progress, "status": status,
            "status_label": EnrolmentStatus(status).label,
            "certificate": getattr(enrolment, "certificate", None),
            "days_left": (enrolment.due_date - today).days if enrolment.due_date else None,
            "overdue_days": (today - enrolment.due_date).days if enrolment.due_date and today > enrolment.due_date else 0,
        })
    order = {EnrolmentStatus.OVERDUE: 0, EnrolmentStatus.IN_PROGRESS: 1, EnrolmentStatus.NOT_STARTED: 1,
             EnrolmentStatus.COMPLETED: 2}
    rows.sort(key=lambda r: (order[r["status"]], r["enrolment"].due_date or today.replace(year=9999)))
    return rows
