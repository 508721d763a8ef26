from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from .demo import DEMO_ACCOUNTS
from .models import Notification
from .notifications import mark_read, unread_count


class LoginView(auth_views.LoginView):
    """The portal's login page; in demo mode it lists the demo accounts."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PORTAL_DEMO_MODE:
            context["demo_accounts"] = [
                {"username": a[0], "name": a[1], "role": a[2]} for a in DEMO_ACCOUNTS
            ]
            context["demo_password"] = settings.PORTAL_DEMO_PASSWORD
        return context


# ---- the employee's own pages: /my/tasks/ and /my/notifications/ ----------


@login_required
def my_tasks(request):
    """Everything the employee has to do, in one list: policies to
    acknowledge, courses due, exams under way or still to pass, and practical
    exams waiting for the employee's score sheet."""
    from policies.acknowledgements import open_tasks, recent_acknowledgements

    today = timezone.localdate()
    return TemplateResponse(
        request,
        "portal/my_tasks.html",
        {
            "today": today,
            "policy_tasks": open_tasks(request.user, today),
            "acknowledged": recent_acknowledgements(request.user),
            **training_tasks(request.user, today),
        },
    )


def training_tasks(user, today):
    """The LMS and assessment part of "my tasks": courses not yet completed
    (due soonest first), written exams the person has started and not handed
    in, course exams still to pass, and practical exams whose panel is waiting
    for this person's sheet."""
    from assessments.models import AttemptStatus, ExamAttempt, PracticalExam, ScoreSheet
    from lms import progress

    courses = [row for row in progress.my_learning(user, today) if row["status"] != "completed"]
    exams_to_pass = [
        row for row in courses
        if row["course"].has_exam and not row["enrolment"].exam_passed_at
    ]
    attempts = (ExamAttempt.objects.filter(user=user, status=AttemptStatus.IN_PROGRESS)
                .select_related("exam").order_by("deadline"))
    scored = ScoreSheet.objects.filter(examiner=user).values("exam_id")
    to_score = (PracticalExam.objects.assigned_to(user).filter(open_for_scoring=True, finalised_at__isnull=True)
                .exclude(pk__in=scored).select_related("trainee").order_by("scheduled_on", "pk"))
    return {"courses": courses, "exams_to_pass": exams_to_pass, "attempts": attempts,
            "practical_to_score": to_score}


@login_required
def my_notifications(request):
    """The employee's notifications, newest first; POST marks them read
    (``notification=<id>`` for one, ``all=1`` for all)."""
    if request.method == "POST":
        if request.POST.get("all"):
            mark_read(request.user)
        else:
            try:
                mark_read(request.user, [int(request.POST.get("notification", ""))])
            except ValueError:
                pass
        return redirect("my_notifications")
    paginator = Paginator(Notification.objects.filter(user=request.user), 30)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "portal/my_notifications.html",
        {"notifications": page, "unread": unread_count(request.user)},
    )
