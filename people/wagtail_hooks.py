"""Admin wiring for the organisation: departments, job roles, employee profiles."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import audit, security, views
from .audit_report import HRAuditReportView
from .models import Department, JobRole, Profile, person_name


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "code", "head"]
    search_fields = ["name", "code"]


class JobRoleViewSet(SnippetViewSet):
    model = JobRole
    icon = "user"
    list_display = ["name", "code"]


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    # The person's name as Chinese writes it (姓名), not the bare "User" column of usernames.
    list_display = [
        Column("user", label=_("姓名"), accessor=lambda profile: person_name(profile.user), sort_key="user__username"),
        "employee_no", "department", "job_role", "clearance",
    ]
    list_filter = ["department", "job_role", "clearance"]
    search_fields = ["employee_no", "user__username", "user__first_name", "user__last_name"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("组织与人员")
    menu_icon = "group"
    menu_order = 300
    items = (DepartmentViewSet, JobRoleViewSet, ProfileViewSet)


register_snippet(OrganisationGroup)


# ---- 登录锁定: HR lifts login lockouts (people.security) -----------------------


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(security.UNLOCK_LOGINS)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("people/lockouts/", views.lockouts, name="people_lockouts")]


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(_("登录锁定"), reverse("people_lockouts"), icon_name="lock", order=700)


@hooks.register("register_log_actions")
def register_login_actions(actions):
    actions.register_action(views.UNLOCK_ACTION, _("解锁登录"), _("人资部解除登录锁定"))


# ---- 人事审计: the HR audit trail (people.audit) -----------------------------------


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, (label, message) in audit.ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("people/audit/", HRAuditReportView.as_view(), name="people_hr_audit"),
        path("people/audit/results/", HRAuditReportView.as_view(results_only=True), name="people_hr_audit_results"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(audit.REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return AuditMenuItem(_("人事审计"), reverse("people_hr_audit"), name="hr-audit", icon_name="history", order=690)
