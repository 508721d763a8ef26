"""A policy's PDF copies (``pdf/`` and ``versions/<n>/pdf/`` under its URL),
as ``policies.pdf`` makes them. Reached through ``PolicyPage.serve``, so the
reader's access has been checked."""
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ..pdf import needs_watermark, official_copy, pdf_filename, reader_copy, stored_copy
from ..tasks import render_policy_pdf
from ..top_secret import CopyRefused, is_top_secret, issue_copy


def current_pdf(request, page):
    return serve_pdf(request, page, page.current_version)


def version_pdf(request, page, number):
    return serve_pdf(request, page, page.get_version(number))


def serve_pdf(request, page, version):
    """Answer with the PDF of ``version`` of ``page``: for 绝密 a numbered copy
    under an approval (``policies.top_secret``), the reader's own
    watermarked copy (秘密 and above), else the stored official copy, or
    "正在生成" (202) while a worker is still rendering it."""
    if version is None:
        raise Http404(_("此制度尚未发布。"))
    watermarked = needs_watermark(page, version)
    if is_top_secret(page, version):
        # 绝密: each copy needs its own approval and carries its number.
        now = timezone.now()
        try:
            _grant, content = issue_copy(page, request.user, version.number, now=now,
                                         make=lambda grant: reader_copy(version, request.user, now, grant.copy_number))
        except CopyRefused as refused:
            return TemplateResponse(request, "policies/top_secret_copy_refused.html",
                                    {"page": page, "message": refused.message}, status=403)
    elif watermarked:
        content = reader_copy(version, request.user, timezone.now())
    else:
        name = official_copy(version, render_policy_pdf.delay)
        if name is None:
            response = TemplateResponse(
                request, "policies/pdf/pending.html",
                {"page": page, "version": version, "refresh_seconds": 5}, status=202,
            )
            response["Retry-After"] = "5"
            return response
        content = stored_copy(name)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, pdf_filename(page, version))
    if watermarked:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True)
    return response
