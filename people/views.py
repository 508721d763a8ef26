"""The admin's 登录锁定 screen: HR sees the locked-out accounts and
addresses and lifts a lockout (``people.security``)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from . import security

UNLOCK_ACTION = "people.unlock_login"


@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not request.user.has_perm(security.UNLOCK_LOGINS):
        raise PermissionDenied
    if request.method == "POST":
        kind, value = request.POST.get("kind"), request.POST.get("value", "").strip()
        if kind not in ("username", "ip_address") or not value:
            messages.error(request, _("请选择要解锁的账号或地址。"))
        else:
            security.unlock(**{kind: value})
            log(instance=request.user, action=UNLOCK_ACTION, user=request.user,
                data={"kind": kind, "value": value}, content_changed=False)
            messages.success(request, _("已解锁：%(value)s") % {"value": value})
        return redirect("people_lockouts")
    return TemplateResponse(request, "people/admin/lockouts.html", {"rows": security.lockouts()})


def cannot_delete(request, object_title, reason, alternatives):
    """The admin's answer to deleting a record that other records must keep
    (acknowledgements, score sheets): why not, in Chinese, and what to do
    instead (``alternatives``: (label, url) pairs such as 取消发布). Status 409
    for the attempt to delete (POST), 200 for the confirmation page (GET)."""
    return TemplateResponse(
        request, "people/admin/cannot_delete.html",
        {"object_title": object_title, "reason": reason, "alternatives": alternatives},
        status=409 if request.method == "POST" else 200,
    )
