from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import access
from .admin.pages import page_search_view
from .models import PolicyPage


class PolicyAdminClearanceMiddleware:
    """Keep confidential text out of the admin for editors without clearance.

    Every admin view of one page (edit, preview, draft, revisions, compare,
    history, workflow preview) takes a ``page_id``; a PolicyPage above the
    user's clearance answers 403 on all of them. The admin page search is
    answered by ``policies.admin.pages`` (which leaves such policies out);
    the explorer listing and the page chooser by hooks in
    ``policies.wagtail_hooks``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/") or not request.user.is_authenticated:
            return None
        page_id = view_kwargs.get("page_id")
        match = getattr(request, "resolver_match", None)
        if match is not None and "wagtailadmin_pages" in match.namespaces and match.url_name in (
            "search", "search_results"
        ):
            return page_search_view(results_only=match.url_name == "search_results")(
                request, *view_args, **view_kwargs
            )
        if page_id is None and match is not None and "wagtailadmin_pages" in match.namespaces:
            page_id = view_kwargs.get("pk")
        if page_id is None:
            return None
        policy = PolicyPage.objects.filter(pk=page_id).first()
        if policy is not None and not access.cleared_for_review(request.user, policy):
            raise PermissionDenied(_("您没有阅读此密级文件的权限。"))
        return None
