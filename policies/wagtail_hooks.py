"""Admin wiring for policies: the HR compliance reports (报表 › 制度阅读确认),
the import of regulation files (导入制度), and confidential policies kept out of the admin's page listings."""
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from people.inbox import (
    DEMO_CONTENT_HOOK,
    HOME_FIGURES_HOOK,
    HOME_LINKS_HOOK,
    HOME_PANELS_HOOK,
    INBOX_SECTION_HOOK,
    SITE_SECTION_HOOK,
    TASK_COUNT_HOOK,
    TASK_QUERYSETS_HOOK,
    HomeFigure,
    HomeLink,
    HomePanel,
    InboxSection,
    section_pages,
)
from people.views import cannot_delete

from . import access, demo, library, recent, todo, top_secret
from .acknowledgements import (
    badge_count,
    badge_tasks,
    deletion_refusal,
    due_soonest,
    open_tasks,
    recent_acknowledgements,
)
from .admin import importing, reports
from .admin.pages import PolicyPageViewSet, hidden_policy_ids
from .admin.top_secret import TopSecretGroup
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


import_urls = [
    path("", importing.upload_view, name="upload"),
    path("<int:pk>/", importing.batch_view, name="batch"),
    path("<int:pk>/split/", importing.split_view, name="split"),
]


@hooks.register("register_admin_urls")
def register_compliance_urls():
    return [
        path("compliance/", include((compliance_urls, "policies_compliance"), namespace="policies_compliance")),
        path("policy-import/", include((import_urls, "policies_import"), namespace="policies_import")),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return importing.ImportMenuItem(
        _("导入制度"), reverse("policies_import:upload"), name="policy-import", icon_name="upload", order=250,
    )


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
    tasks = open_tasks(user, today)
    groups = {}
    for task in tasks:  # by category, each in due order; the earliest due category first
        groups.setdefault(task.version.page.category, []).append(task)
    return InboxSection(
        key="acknowledgements",
        template="policies/inbox/acknowledgements.html",
        context={"policy_tasks": tasks, "task_groups": list(groups.items()),
                 "batch_count": sum(1 for t in tasks if t.batch), "acknowledged": recent_acknowledgements(user)},
        order=10,
    )


@hooks.register(TASK_QUERYSETS_HOOK)
def acknowledgement_task_querysets(user, today):
    tasks = badge_tasks(user)
    return {} if tasks is None else {"acknowledgements": tasks}


@hooks.register(TASK_COUNT_HOOK)
def acknowledgement_task_count(user):
    return badge_count(user)


@hooks.register(INBOX_SECTION_HOOK)
def reviews_inbox_section(user, today):
    """我的待办: policy revisions waiting for this person's 审核 or 批准."""
    return InboxSection(key="reviews", template="policies/inbox/reviews.html",
                        context={"reviews": todo.reviews_waiting(user)}, order=5)


@hooks.register(TASK_COUNT_HOOK)
def review_task_count(user):
    return todo.review_count(user)


@hooks.register(HOME_FIGURES_HOOK)
def compliance_home_figures(request):
    """HR's dashboard: how far the employees are with reading the policies in force."""
    if not can_view_reports(request.user):
        return []
    figures = todo.compliance_figures(timezone.localdate())
    done = figures["total"] - figures["open"]
    rate = f"{done * 100 // figures['total']}%" if figures["total"] else "—"
    url = reverse("policies_compliance:index")
    return [
        HomeFigure(_("制度阅读确认完成率"), rate, url, order=10),
        HomeFigure(_("待确认的阅读任务"), figures["open"], url, order=11),
        HomeFigure(_("逾期未确认"), figures["overdue"], url, order=12, alerting=bool(figures["overdue"])),
    ]


@hooks.register(HOME_PANELS_HOOK)
def due_acknowledgements_home_panel(request, today):
    """Every reader's dashboard: the acknowledgements due first (the rest,
    and everything else waiting on the reader, is in 我的待办)."""
    if not request.user.is_authenticated:
        return None
    tasks, total = due_soonest(request.user, today)
    return HomePanel(key="due", title=_("待确认阅读"), template="policies/home/due.html",
                     context={"tasks": tasks, "total": total, "more": total - len(tasks)},
                     url=reverse("my_tasks"), url_label=_("我的待办"), order=10)


@hooks.register(HOME_PANELS_HOOK)
def recent_revisions_home_panel(request, today):
    """Every reader's dashboard: the policies revised lately that they may read."""
    library = next(iter(section_pages(request, PolicyIndexPage)), None)
    return HomePanel(key="revisions", title=_("最近修订"), template="policies/home/revisions.html",
                     context={"revisions": recent.recent_revisions(request.user, request), "library": library},
                     url=library.url if library else "", url_label=_("全部制度"), order=20)


@hooks.register(HOME_LINKS_HOOK)
def policy_home_links(request):
    links = [HomeLink(title=index.title, url=index.url, intro=index.intro, order=10)
             for index in section_pages(request, PolicyIndexPage)]
    links.append(HomeLink(title=_("制度搜索"), url=reverse("search"), intro=_("按关键词查找条文，简繁体均可。"), order=20))
    return links


@hooks.register(SITE_SECTION_HOOK)
def policy_library_section(home):
    library.ensure_library(home)


hooks.register(DEMO_CONTENT_HOOK, demo.add_demo_content)


# ---- 绝密: readers and the copy register (policies.top_secret) -------------------

register_snippet(TopSecretGroup)


@hooks.register("register_log_actions")
def register_top_secret_actions(actions):
    actions.register_action(top_secret.NAMED, _("指定绝密阅读人"), _("指定了绝密文件的阅读人"))
    actions.register_action(top_secret.REMOVED, _("移除绝密阅读人"), _("移除了绝密文件的阅读人"))
    actions.register_action(top_secret.GRANTED, _("批准绝密副本"), _("批准制作一份绝密文件副本"))
    actions.register_action(top_secret.ISSUED, _("制作绝密副本"), _("制作（下载）了一份绝密文件副本"))
