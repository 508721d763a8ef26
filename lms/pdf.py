"""PDFs of the LMS (certificates, plan tables), rendered with WeasyPrint in
the CJK families the policies' PDFs use. Rendered per request: they are
small, and a certificate or a table in progress changes."""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .attendance import qr_data_uri
from .traineeship import rows

CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")


def render(template, context):
    """PDF bytes of ``template``; everything is inline, nothing is fetched."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, {
            **context, "cjk_families": CJK_FAMILIES, "PORTAL_NAME": settings.PORTAL_NAME})
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()


def certificate_pdf(certificate, verify_url):
    return render("lms/pdf/certificate.html", {
        "certificate": certificate, "verify_url": verify_url, "qr": qr_data_uri(verify_url)})


def plan_table_pdf(table):
    return render("lms/pdf/plan_table.html", {"table": table, "rows": rows(table), "printed_at": timezone.now()})


def evaluation_pdf(report):
    """The training's evaluation report (:func:`lms.evaluation.report`), charts as inline SVG."""
    return render("lms/pdf/evaluation.html", {"report": report, "session": report.session,
                                              "printed_at": timezone.now()})
