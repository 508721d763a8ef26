"""Admin wiring for policies: the HR compliance reports (报表 › 制度阅读确认),
and confidential policies kept out of the admin's page listings."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from people.inbox import (
    DEMO_CONTENT_HOOK,
    HOME_LINKS_HOOK,
    INBOX_SECTION_HOOK,
    SITE_SECTION_HOOK,
    TASK_COUNT_HOOK,
    HomeLink,
    InboxSection,
)
from people.views import cannot_delete

from . import access, demo, library
from .acknowledgements import deletion_refusal, open_task_count, open_tasks, recent_acknowledgements
from .admin import reports
from .admin.pages import PolicyPageViewSet, hidden_policy_ids
from .compliance import can_view_reports
from .models import PolicyIndexPage, PolicyPage

compliance_urls = [
    path("", reports.VersionIndexView.as_view(), name="index"),
    path("results/", reports.VersionIndexView.as_view(results_only=True), name="index_results"),
    path("versions/<int:pk>/", reports.VersionPeopleView.as_view(), name="version"),
    path(
        "versions/<int:pk>/results/",
        reports.VersionPeopleView.as_view(results_only=True),
        name="version_results",
    ),
    path("versions/<int:pk>/departments/", reports.VersionDepartmentsView.as_view(), name="departments"),
    path(
        "versions/<int:pk>/departments/results/",
        reports.VersionDepartmentsView.as_view(results_only=True),
        name="departments_results",
    ),
]


@hooks.register("register_admin_urls")
def register_compliance_urls():
    return [path("compliance/", include((compliance_urls, "policies_compliance"), namespace="policies_compliance"))]


class ComplianceMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_compliance_menu_item():
    return ComplianceMenuItem(
        _("制度阅读确认"),
        reverse("policies_compliance:index"),
        name="policy-acknowledgements",
        icon_name="tasks",
        order=650,
    )


# ---- confidentiality in the admin's page listings (see policies.middleware) ----


@hooks.register("construct_explorer_page_queryset")
def hide_uncleared_policies_from_explorer(parent_page, pages, request):
    """The explorer lists no policy the editor is not cleared for."""
    return pages.exclude(pk__in=hidden_policy_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_uncleared_policies_from_chooser(pages, request):
    """Nor does the page chooser (a lesson's 须阅读的制度, a link in rich text)."""
    return pages.exclude(pk__in=hidden_policy_ids(request.user))


class ClearedObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """The dashboard's 待审核 panel without the policies the reviewer is not
    cleared for (Wagtail lists what their group's task holds, by group)."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        hidden = access.hidden_policy_ids(parent_context["request"].user)
        context["states"] = [s for s in context["states"] if getattr(s["obj"], "pk", None) not in hidden]
        return context


@hooks.register("construct_homepage_panels")
def hide_uncleared_policies_from_dashboard(request, panels):
    panels[:] = [ClearedObjectsToModeratePanel() if type(p) is WorkflowObjectsToModeratePanel else p
                 for p in panels]


@hooks.register("before_delete_page")
def refuse_deleting_an_acknowledged_policy(request, page):
    """An acknowledged policy cannot be deleted (the database protects its
    versions): say why, and offer to unpublish it instead of a 500."""
    if not isinstance(page.specific, PolicyPage):
        return None
    reason = deletion_refusal(page)
    if reason is None:
        return None
    alternatives = [(_("返回编辑"), reverse("wagtailadmin_pages:edit", args=[page.pk]))]
    if page.live and page.permissions_for_user(request.user).can_unpublish():
        alternatives.insert(0, (_("取消发布（撤下）"), reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
    return cannot_delete(request, page.title, reason, alternatives)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_acknowledged_policies(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    for page in objects:
        if isinstance(page, Page) and isinstance(page.specific, PolicyPage):
            reason = deletion_refusal(page)
            if reason is not None:
                return cannot_delete(request, page.title, reason,
                                     [(_("返回编辑"), reverse("wagtailadmin_pages:edit", args=[page.pk]))])
    return None


@hooks.register("register_admin_viewset")
def register_policy_page_viewset():
    return PolicyPageViewSet(model=PolicyPage)


# ---- the portal's shared pages (see people.inbox) ------------------------


@hooks.register(INBOX_SECTION_HOOK)
def acknowledgements_inbox_section(user, today):
    """我的待办: the policies to acknowledge, and the latest acknowledged."""
    return InboxSection(
        key="acknowledgements",
        template="policies/inbox/acknowledgements.html",
        context={"policy_tasks": open_tasks(user, today), "acknowledged": recent_acknowledgements(user)},
        order=10,
    )


@hooks.register(TASK_COUNT_HOOK)
def acknowledgement_task_count(user):
    return open_task_count(user)


@hooks.register(HOME_LINKS_HOOK)
def policy_home_links(request):
    links = [HomeLink(title=index.title, url=index.url, intro=index.intro, order=10)
             for index in PolicyIndexPage.objects.live()]
    links.append(HomeLink(title=_("制度搜索"), url=reverse("search"), intro=_("按关键词查找条文，简繁体均可。"), order=20))
    return links


@hooks.register(SITE_SECTION_HOOK)
def policy_library_section(home):
    library.ensure_library(home)


hooks.register(DEMO_CONTENT_HOOK, demo.add_demo_content)
