import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import defaults
from wagtail import hooks

from people.demo import CUSTOMER_ACCOUNTS, DEMO_ACCOUNTS, department_head_accounts
from people.inbox import INBOX_SECTION_HOOK
from people.models import Notification
from people.notifications import mark_read, unread_count
from people.outage import is_database_outage, log_outage, unavailable_response


class LoginView(auth_views.LoginView):
    """The portal's login page; in demo mode it lists the demo accounts."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PORTAL_DEMO_MODE:
            context["demo_accounts"] = [
                {"username": a[0], "name": a[1], "role": a[2]} for a in DEMO_ACCOUNTS + CUSTOMER_ACCOUNTS
            ]
            context["demo_heads"] = [
                {"username": a[0], "name": a[1], "role": a[2]} for a in department_head_accounts()
            ]
            context["demo_password"] = settings.PORTAL_DEMO_PASSWORD
        return context


# ---- the employee's own pages: /my/tasks/ and /my/notifications/ ----------


@login_required
def my_tasks(request):
    """Everything waiting on the person, in one list: each app contributes
    its section through the ``register_inbox_section`` hook (see
    ``people.inbox``)."""
    today = timezone.localdate()
    sections = [section for section in (fn(request.user, today) for fn in hooks.get_hooks(INBOX_SECTION_HOOK))
                if section is not None]
    sections.sort(key=lambda section: section.order)
    return TemplateResponse(request, "portal/my_tasks.html", {"today": today, "sections": sections})


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


def server_error(request):
    """handler500: an error the database caused (down, restarted, locked)
    even before a view ran, such as reading the session, is a 503 with a
    retry; anything else is the portal's 500 page."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        log_outage(request, error)
        return unavailable_response(request)
    return defaults.server_error(request)
