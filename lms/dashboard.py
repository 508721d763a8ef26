"""The home page's 我的课程: the reader's enrolments with their progress,
read in a fixed number of queries however many courses and lessons there
are (:func:`lms.progress.my_learning` reads course by course, for the one
page that lists them all). The rule for a lesson's completion and an
enrolment's status stays :mod:`lms.progress`'s."""
from django.db.models import Max

from policies.models import PolicyVersion

from .models import CourseLesson, Enrolment, EnrolmentStatus, LessonKind, LessonProgress
from .progress import CourseProgress, LessonState, enrolment_status

_ORDER = {EnrolmentStatus.OVERDUE: 0, EnrolmentStatus.IN_PROGRESS: 1, EnrolmentStatus.NOT_STARTED: 2,
          EnrolmentStatus.COMPLETED: 3}


def my_courses(user, today, limit=5):
    """``(rows, total, completed)``: up to ``limit`` of ``user``'s courses,
    overdue first, then under way, due soonest, completed last; each row as
    in :func:`lms.progress.my_learning` (enrolment, course, progress, status,
    status_label, certificate, days_left, overdue_days)."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "certificate")
        .order_by("due_date", "pk")
    )
    if not enrolments:
        return [], 0, 0
    courses = {e.course_id: e.course for e in enrolments}
    lessons = list(CourseLesson.objects.filter(page_id__in=courses).order_by("sort_order", "pk"))
    for lesson in lessons:
        lesson.page = courses[lesson.page_id]  # the lesson's URL is its course's: no query per lesson
    read = {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__in=[lesson.pk for lesson in lessons])}
    policies = {lesson.policy_id for lesson in lessons if lesson.kind == LessonKind.POLICY and lesson.policy_id}
    required = dict(
        PolicyVersion.objects.filter(page_id__in=policies, substantive=True)
        .values("page_id").annotate(number=Max("number")).values_list("page_id", "number")
    ) if policies else {}
    by_course = {}
    for lesson in lessons:
        number = required.get(lesson.policy_id) if lesson.kind == LessonKind.POLICY and lesson.policy_id else None
        by_course.setdefault(lesson.page_id, []).append(LessonState(lesson, read.get(lesson.pk), number))
    rows = []
    for enrolment in enrolments:
        progress = CourseProgress(enrolment.course, by_course.get(enrolment.course_id, []))
        status = enrolment_status(enrolment, progress, today)
        due = enrolment.due_date
        rows.append({
            "enrolment": enrolment, "course": enrolment.course, "progress": progress, "status": status,
            "status_label": EnrolmentStatus(status).label, "certificate": getattr(enrolment, "certificate", None),
            "days_left": (due - today).days if due else None,
            "overdue_days": (today - due).days if due and today > due else 0,
        })
    rows.sort(key=lambda r: (_ORDER[r["status"]], r["enrolment"].due_date or today.replace(year=9999)))
    completed = sum(1 for r in rows if r["status"] == EnrolmentStatus.COMPLETED)
    return rows[:limit], len(rows), completed
