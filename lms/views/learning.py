"""Courses and lessons (the routes of :class:`lms.models.CoursePage`), 我的学习
and HR's course assignments."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.external import is_external
from policies import access as policy_access

from .. import post_change, progress
from ..enrolling import apply_assignment, enrol
from ..forms import AssignmentForm
from ..models import (
    CourseAssignment,
    CourseIndexPage,
    CourseLesson,
    Enrolment,
    EnrolmentSource,
    LessonKind,
    PostChangeTraining,
    TableStatus,
    TraineePlanTable,
    TrainingSession,
)
from . import error_text

# ---- the routes of a course page -------------------------------------------------


def course(request, page):
    """The course's overview: its lessons with the reader's progress."""
    return page.render(request, context_overrides={
        "enrolment": Enrolment.objects.filter(user=request.user, course=page).first(),
        "progress": progress.course_progress(request.user, page),
    })


def lesson(request, page, lesson_id):
    lesson = get_object_or_404(CourseLesson.objects.select_related("policy", "document"), pk=lesson_id, page=page)
    policy = version = None
    policy_visible = False
    if lesson.kind == LessonKind.POLICY and lesson.policy_id:
        policy = lesson.policy
        version = progress.current_policy_version(policy)
        policy_visible = policy_access.can_view(request.user, policy)
    if request.method == "POST":
        if lesson.kind == LessonKind.POLICY and not policy_visible:
            raise PermissionDenied(_("您没有阅读此密级文件的权限。"))
        try:
            progress.complete_lesson(request.user, lesson, version_number=request.POST.get("version"))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("已完成课时：%s") % lesson.title)
            following = progress.course_progress(request.user, page).next_lesson()
            if following is not None:
                return redirect(following.get_url(request))
            return redirect(page.url)
        return redirect(lesson.get_url(request))
    return TemplateResponse(request, "lms/lesson.html", {
        "page": page, "lesson": lesson, "state": progress.lesson_state(request.user, lesson),
        "lessons": page.ordered_lessons(), "policy": policy, "version": version, "policy_visible": policy_visible,
        "parts": version.as_page().numbered_body() if version and policy_visible else [],
    })


def self_enrol(request, page):
    if request.method != "POST":
        return redirect(page.url)
    enrol(request.user, page, EnrolmentSource.SELF)
    messages.success(request, _("已报名课程：%s") % page.title)
    return redirect(page.url)


# ---- 我的学习 ---------------------------------------------------------------------------


@login_required
def my_learning(request):
    """我的学习: enrolled courses with progress and due dates, the trainee's
    plan table, upcoming sessions and certificates."""
    today = timezone.localdate()
    rows = progress.my_learning(request.user, today)
    now = timezone.now()
    sessions = (
        TrainingSession.objects.filter(invitees=request.user, ends_at__gte=now).order_by("starts_at")[:10]
    )
    teaching = (
        TraineePlanTable.objects.filter(items__trainer=request.user, status=TableStatus.APPROVED)
        .select_related("trainee", "current_item__department").distinct()
    )
    return TemplateResponse(request, "lms/my_learning.html", {
        "today": today,
        "due": [r for r in rows if r["status"] != "completed"],
        "completed": [r for r in rows if r["status"] == "completed"],
        "plan_table": TraineePlanTable.objects.filter(trainee=request.user).first(),
        "sessions": sessions,
        "teaching_sessions": TrainingSession.objects.filter(trainer=request.user, ends_at__gte=now)
        .order_by("starts_at")[:10],
        "teaching_tables": [(t, t.current_item_id and t.current_item.trainer_id == request.user.pk) for t in teaching],
        "post_changes": PostChangeTraining.objects.filter(person=request.user, reviewed_at__isnull=True),
        "reviews": post_change.awaiting_review_by(request.user),
        # The catalogue lists every course: not for a customer's trainee (lms.customers).
        "catalogue": None if is_external(request.user) else CourseIndexPage.objects.live().first(),
    })


# ---- HR: assignments ------------------------------------------------------------------------


@login_required
def assign(request):
    if not request.user.has_perm("lms.add_courseassignment"):
        raise PermissionDenied(_("此页面仅限人资部使用。"))
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assignment = form.save(commit=False)
        assignment.assigned_by = request.user
        assignment.save()
        form.save_m2m()
        count = apply_assignment(assignment)
        messages.success(request, _("已指派《%(course)s》，新增 %(n)d 人报名。") % {
            "course": assignment.course.title, "n": count})
        return redirect("lms:assign")
    return TemplateResponse(request, "lms/assign.html", {
        "form": form, "assignments": CourseAssignment.objects.select_related("course")[:20]})
