"""Certificates: anyone in the company verifies a code; the holder and HR
download the PDF."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ..models import Certificate
from ..pdf import certificate_pdf as render_certificate


def certificate_verify(request, code=None):
    """Anyone in the company (every portal page needs a login) can check a
    certificate: by the link or QR code printed on it, or by typing the
    code into the form (``?code=``), with or without the dashes."""
    typed = request.GET.get("code")
    if code is None and typed:
        return redirect("lms:certificate_verify", normalise_code(typed) or "-")
    if code is None:
        return TemplateResponse(request, "lms/certificate_verify.html", {"certificate": None, "code": ""})
    code = normalise_code(code)
    certificate = Certificate.objects.select_related("enrolment").filter(code=code).first()
    return TemplateResponse(request, "lms/certificate_verify.html", {"certificate": certificate, "code": code},
                            status=200 if certificate else 404)


def normalise_code(text):
    """``abcd efgh-jkmn`` → ``ABCD-EFGH-JKMN`` (codes are printed in three groups)."""
    raw = "".join(ch for ch in str(text).upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else str(text).strip().upper()


@login_required
def certificate_pdf(request, code):
    certificate = get_object_or_404(Certificate.objects.select_related("enrolment"), code=code)
    if certificate.enrolment.user_id != request.user.pk and not request.user.has_perm("lms.view_certificate"):
        raise PermissionDenied(_("只有证书持有人和人资部可以下载证书。"))
    verify_url = request.build_absolute_uri(certificate.get_absolute_url())
    response = HttpResponse(render_certificate(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"certificate-{certificate.code}.pdf")
    return response
