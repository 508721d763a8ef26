"""报表 › 人事审计: the HR audit trail (``people.audit``) as a Wagtail report,
exportable to XLSX and CSV: who changed whose department, role, clearance or
绝密 readership, and each grade decision and pay-relevant figure, newest first.
HR only (``people.view_hr_audit``)."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from . import audit
from .models import person_name
from .reports import HRReportMixin


def _summary(entry):
    data = entry.data or {}
    if "from" in data or "to" in data:
        return f"{data.get('from') if data.get('from') is not None else '—'} → " \
               f"{data.get('to') if data.get('to') is not None else '—'}"
    return ", ".join(f"{key}: {value}" for key, value in data.items())


def _action_label(entry):
    formatter = log_action_registry.get_formatter(entry)
    return formatter.label if formatter is not None else entry.action


class HRAuditReportView(HRReportMixin, ReportView):
    permission = audit.REPORT_PERMISSION
    denied_message = _("人事审计日志仅限人资部查看。")
    export_basename = "hr-audit"
    page_title = _("人事审计")
    header_icon = "history"
    index_url_name = "people_hr_audit"
    index_results_url_name = "people_hr_audit_results"
    paginate_by = 50
    list_export = ["timestamp", "action", "label", "user", "data"]
    export_headings = {"timestamp": _("时间"), "action": _("事项"), "label": _("对象"), "user": _("操作人"),
                       "data": _("内容")}

    columns = [
        Column("timestamp", label=_("时间")),
        Column("action", label=_("事项"), accessor=lambda entry: _action_label(entry)),
        Column("label", label=_("对象")),
        Column("user", label=_("操作人"), accessor=lambda entry: person_name(entry.user) or "—"),
        Column("data", label=_("内容"), accessor=_summary),
    ]

    def get_queryset(self):
        return (ModelLogEntry.objects.filter(action__in=audit.audited_actions())
                .select_related("user", "content_type").order_by("-timestamp", "-pk"))
