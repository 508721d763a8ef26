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
from wagtail.admin.viewsets.pages import PageViewSet, base_page_viewset

from people.models import Confidentiality

from .. import access
from ..models import PolicyPage


def hidden_policy_ids(user):
    """The policies whose 密级 ``user`` is not cleared for: kept out of the
    admin's page listings, page chooser and page search."""
    if getattr(user, "is_superuser", False):
        return []
    candidates = PolicyPage.objects.filter(confidentiality__gt=Confidentiality.PUBLIC).prefetch_related(
        "scope_departments", "scope_roles"
    )
    return [policy.pk for policy in candidates if not access.cleared(user, policy)]


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
