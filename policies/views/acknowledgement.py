"""The reader's side of read-and-acknowledge: ``POST <policy url>acknowledge/``,
and 批量确认 from 我的待办 (``POST /my/tasks/acknowledge/``)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..acknowledgements import acknowledge as record_acknowledgement
from ..acknowledgements import acknowledge_many, client_ip


def acknowledge(request, page):
    """Record that the reader has read the version the page showed them.

    The form posts that version's number; if it is no longer the current one
    the acknowledgement is refused (409) with a link to the current version.
    Reached through ``PolicyPage.serve``, so the page's access check has run."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        number = int(request.POST.get("version", ""))
    except ValueError:
        number = None
    if number is not None and number < 1:
        number = None
    outcome = record_acknowledgement(request.user, page, number, ip_address=client_ip(request))
    page_url = page.get_url(request)
    if outcome.kind == "stale":
        return TemplateResponse(
            request,
            "policies/acknowledge_stale.html",
            {"page": page, "posted": number, "current": outcome.current},
            status=409,
        )
    when = timezone.localtime(outcome.acknowledgement.acknowledged_at) if outcome.acknowledgement else None
    words = {"title": page.title, "n": outcome.current.number, "when": when and when.strftime("%Y-%m-%d %H:%M")}
    if outcome.kind == "created":
        messages.success(request, _("已确认：您已阅读并理解《%(title)s》第 %(n)s 版（%(when)s）。") % words)
    elif outcome.kind == "already":
        messages.info(request, _("已确认：您已于 %(when)s 确认过《%(title)s》第 %(n)s 版，无需重复确认。") % words)
    else:
        messages.info(request, _("《%(title)s》无需您确认。") % words)
    return HttpResponseRedirect(page_url + "#acknowledgement")


@login_required
@require_POST
def acknowledge_batch(request):
    """批量确认 the ticked tasks of the initial library, after the reader has
    declared they have read them; nothing is recorded without the declaration."""
    back = reverse("my_tasks") + "#tasks-policies"
    ids = [value for value in request.POST.getlist("task") if value.isdigit()]
    if not ids:
        messages.error(request, _("请先勾选要确认的制度。"))
        return HttpResponseRedirect(back)
    if request.POST.get("declaration") != "1":
        messages.error(request, _("请勾选“我已阅读并理解所选制度”后再确认。"))
        return HttpResponseRedirect(back)
    count = acknowledge_many(request.user, ids, ip_address=client_ip(request))
    messages.success(request, _("已确认 %(n)s 份制度。") % {"n": count})
    return HttpResponseRedirect(back)
