"""Admin wiring for the organisation: departments, job roles, employee profiles."""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Department, JobRole, Profile


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
    list_display = ["user", "employee_no", "department", "job_role", "clearance"]
    list_filter = ["department", "job_role", "clearance"]
    search_fields = ["employee_no", "user__username", "user__first_name", "user__last_name"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("组织与人员")
    menu_icon = "group"
    menu_order = 300
    items = (DepartmentViewSet, JobRoleViewSet, ProfileViewSet)


register_snippet(OrganisationGroup)
