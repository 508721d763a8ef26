"""The base of every HR report in the admin (报表 › …).

A report is Wagtail's ``ReportView`` with ``SpreadsheetExportMixin`` (XLSX and
CSV). :class:`HRReportMixin` adds what all of ours share: one permission
decides who may open it (``permission``, refused with ``denied_message``),
exports show local time, the CSV starts with a BOM so that Excel reads the
Chinese, exports are named ``<export_basename>-<date>``, and the breadcrumbs
lead home (``parent_crumbs`` adds the report's own index)."""
import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.views.mixins import SpreadsheetExportMixin

XLSX, CSV = SpreadsheetExportMixin.FORMAT_XLSX, SpreadsheetExportMixin.FORMAT_CSV


def local_naive(value):
    """A datetime as the wall clock shows it here (XLSX cells have no zone)."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def local_text(value):
    return local_naive(value).strftime("%Y-%m-%d %H:%M:%S")


def can_open(user, permission):
    """Whether ``user`` (active, logged in) holds ``permission``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_perm(permission)


class HRReportMixin:
    """Put before ``ReportView``; set ``permission`` and ``denied_message``."""

    permission = None
    denied_message = _("此报表仅限人资部查看。")
    export_basename = "report"
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {XLSX: local_naive, CSV: local_text},
    }

    def user_may_open(self, user):
        """Override for a rule beyond the one permission."""
        return can_open(user, self.permission)

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_open(request.user):
            return permission_denied(request, PermissionDenied(self.denied_message))
        return super().dispatch(request, *args, **kwargs)

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_filename(self):
        return f"{self.export_basename}-{self.today.isoformat()}"

    def parent_crumbs(self):
        """Crumbs between home and this report (e.g. the report's index)."""
        return []

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("首页")}, *self.parent_crumbs(),
                {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}]
