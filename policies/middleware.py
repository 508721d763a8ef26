from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import access
from .admin.pages import REPLACED_VIEWS

#: URL arguments that name a page, in any admin view.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk", "viewed_page_id")
#: Namespaces whose ``pk`` (or ``object_id``) is a page's.
PAGE_NAMESPACES = ("wagtailadmin_pages", "wagtailadmin_api:pages", "wagtailadmin_editing_sessions")


def page_ids_in(match, view_kwargs):
    """Every page id the resolved admin URL carries."""
    ids = [view_kwargs[name] for name in PAGE_ARGUMENTS if name in view_kwargs]
    if match is not None and match.namespace in PAGE_NAMESPACES:
        ids += [view_kwargs[name] for name in ("pk", "object_id") if name in view_kwargs]
    found = []
    for value in ids:
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


class PolicyAdminClearanceMiddleware:
    """The backstop behind Wagtail's page permission policy
    (``policies.admin.permissions``): any admin URL that names a page
    (``page_id``, ``parent_page_id``, ``page_to_move_id``, a page ``pk`` …)
    answers 403 when that page is a policy above the user's clearance, even in
    a view that never asks the permission policy. The admin page search and
    the page-types report, which list pages without asking the policy, are
    answered by ``policies.admin.pages.REPLACED_VIEWS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/") or not request.user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in REPLACED_VIEWS:
            return REPLACED_VIEWS[match.view_name]()(request, *view_args, **view_kwargs)
        hidden = access.hidden_policy_ids(request.user)
        refused = [page_id for page_id in page_ids_in(match, view_kwargs) if page_id in hidden]
        # Those taking part in a revision's review (access.takes_part_in_review) open it.
        if refused and not all(
            access.takes_part_in_review(request.user, policy)
            for policy in apps.get_model("policies", "PolicyPage").objects.filter(pk__in=refused)
        ):
            raise PermissionDenied(_("您没有阅读此密级文件的权限。"))
        return None
