"""The admin's page listings without the policies the editor is not cleared
for, where even their titles would say more than the editor may know:

- the page search (Wagtail offers no hook there): ``PolicyAdminClearanceMiddleware``
  routes ``wagtailadmin_pages:search`` and ``:search_results`` to
  :func:`page_search_view`;
- the page-type listing (报表 › 页面类型 › 制度): :class:`PolicyPageViewSet`,
  registered in ``policies.wagtail_hooks``;
- the explorer and the page chooser: hooks in ``policies.wagtail_hooks``,
  which leave out :func:`hidden_policy_ids`.

Both views narrow Wagtail's ``explorable_instances`` (what they list) and
change nothing else."""
import functools

from django.utils.functional import cached_property
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet, base_page_viewset
from wagtail.models import Page

from .. import access


def hidden_policy_ids(user):
    """The policies whose 密级 ``user`` is not cleared for (the rule lives in
    ``policies.access``)."""
    return access.hidden_policy_ids(user)


class _WithoutHiddenPolicies:
    """The page permission policy, with the policies above the user's
    clearance left out of ``explorable_instances`` (what the search view
    narrows its queryset to)."""

    def __init__(self, policy):
        self._policy = policy

    def __getattr__(self, name):
        return getattr(self._policy, name)

    def explorable_instances(self, user, *args, **kwargs):
        pages = self._policy.explorable_instances(user, *args, **kwargs)
        return pages.exclude(pk__in=hidden_policy_ids(user))


class ClearedPageSearchView(SearchView):
    """Wagtail's admin page search; confidential policies the editor may not
    read are not found (not even by title)."""

    @cached_property
    def permission_policy(self):
        return _WithoutHiddenPolicies(PermissionCheckedMixin.permission_policy.func(self))


@functools.cache
def page_search_view(results_only=False):
    """The view for ``wagtailadmin_pages:search`` (``results_only``: its
    ``search_results``), built as Wagtail's own page viewset builds it."""
    if results_only:
        return base_page_viewset.construct_view(ClearedPageSearchView, results_only=True)
    return base_page_viewset.construct_view(ClearedPageSearchView)


class ClearedContentTypeUseView(ContentTypeUseView):
    """报表 › 页面类型 › 制度: every policy page, less those the editor may not read."""

    @cached_property
    def permission_policy(self):
        return _WithoutHiddenPolicies(PermissionCheckedMixin.permission_policy.func(self))


class PolicyPageViewSet(PageViewSet):
    """The admin views of PolicyPage: Wagtail's, with the page-type listing
    left without the policies above the editor's clearance (registered in
    ``policies.wagtail_hooks``)."""

    content_type_use_view_class = ClearedContentTypeUseView


class ClearedPageTypesUsageReportView(PageTypesUsageReportView):
    """报表 › 页面类型使用情况: its 最近编辑 column names, for each page type,
    the latest page the editor may see, never a policy above their
    clearance."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        hidden = access.hidden_policy_ids(self.request.user)
        for item in page_types:
            if item.last_edited_page is not None and item.last_edited_page.pk in hidden:
                item.last_edited_page = (
                    Page.objects.filter(content_type=item).exclude(pk__in=hidden)
                    .order_by("-latest_revision_created_at", "title", "-pk").specific().first()
                )
        return page_types


#: Wagtail's admin views that list pages without a hook to narrow them:
#: ``PolicyAdminClearanceMiddleware`` answers these URL names with ours.
REPLACED_VIEWS = {
    "wagtailadmin_pages:search": lambda: page_search_view(),
    "wagtailadmin_pages:search_results": lambda: page_search_view(results_only=True),
    "wagtailadmin_reports:page_types_usage": lambda: _page_types_view(),
    "wagtailadmin_reports:page_types_usage_results": lambda: _page_types_view(results_only=True),
}


@functools.cache
def _page_types_view(results_only=False):
    return ClearedPageTypesUsageReportView.as_view(results_only=results_only)
