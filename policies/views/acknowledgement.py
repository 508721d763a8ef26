"""The reader's side of read-and-acknowledge: ``POST <policy url>acknowledge/``."""
from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..acknowledgements import acknowledge as record_acknowledgement
from ..acknowledgements import client_ip


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
