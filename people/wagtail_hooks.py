"""Admin wiring for the organisation: departments, job roles, employee profiles."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
