"""The backstop of the customer-trainee scope (:mod:`lms.customers`)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from people.external import is_external

from .customers import OPEN_TO_EXTERNAL, scope_of
from .models import Certificate

#: Paths open to them by prefix: the static files, image renditions in lessons, the icon.
OPEN_PATHS = ("/static/", "/media/images/", "/favicon.ico")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ExternalTraineeScopeMiddleware:
    """A customer's trainee reaches only the URLs in
    :data:`lms.customers.OPEN_TO_EXTERNAL`, and of those only the objects
    in their scope: every other URL of the portal, the admin included,
    answers 403, whatever its own view checks or forgets. Pages are judged
    by the ``before_serve_page`` hook (the page is known only once routed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not is_external(user):
            return None
        if request.path_info.startswith(OPEN_PATHS):
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else None
        if name not in OPEN_TO_EXTERNAL:
            raise PermissionDenied(_("客户学员只能访问本人参加的培训。"))
        scope = scope_of(user)
        if name in ("lms:session", "lms:session_signin") and _int(view_kwargs.get("pk")) not in scope.session_ids:
            raise Http404(_("找不到该培训课堂。"))
        if name in ("practical:exam_save", "practical:exam_submit") and \
                _int(view_kwargs.get("exam_id")) not in scope.page_ids:
            raise Http404(_("找不到这次作答。"))
        if name == "wagtaildocs_serve" and _int(view_args[0] if view_args else None) not in scope.document_ids:
            raise Http404(_("找不到该文件。"))
        if name in ("lms:certificate_pdf", "lms:certificate_verify") and not Certificate.objects.filter(
                code=view_kwargs.get("code"), enrolment__user=user).exists():
            raise Http404(_("找不到该证书。"))
        return None
