"""HR compliance reports in the Wagtail admin (报表 › 制度阅读确认).

Three ``ReportView``s, each exportable to XLSX and CSV through Wagtail's
``SpreadsheetExportMixin``:

- ``index``: every substantive version with how many people are in scope,
  have acknowledged, are pending, are overdue;
- ``version``: the people of one version, with a per-department summary and
  a chart of acknowledgements over time;
- ``departments``: the per-department summary of one version.

HR only (the permission ``policies.view_compliance_report``, through the
portal's :class:`people.reports.HRReportMixin`); a policy above the HR
member's clearance has no report for them.
"""
import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from people.models import Department
from people.reports import HRReportMixin

from .. import access, compliance
from ..models import AcknowledgementTask, PolicyVersion
from ..rules import TaskStatus


class ComplianceReportMixin(HRReportMixin):
    """HR only; exports in local time, CSV with a BOM so that Excel reads the
    Chinese correctly (all from :class:`~people.reports.HRReportMixin`)."""

    permission = compliance.REPORT_PERMISSION
    denied_message = _("制度确认合规报表仅限人资部查看。")
    export_basename = "policy-acknowledgements"
    header_icon = "tasks"

    def parent_crumbs(self):
        if self.index_url_name == "policies_compliance:index":
            return []
        return [{"url": reverse("policies_compliance:index"), "label": _("制度阅读确认")}]


def _version_label(version):
    return _("第 %(n)s 版") % {"n": version.number}


class VersionIndexView(ComplianceReportMixin, ReportView):
    """Every substantive version of the policies the HR member may see."""

    page_title = _("制度阅读确认")
    index_url_name = "policies_compliance:index"
    index_results_url_name = "policies_compliance:index_results"
    is_searchable = True
    search_fields = ["page__title", "page__document_number"]
    search_backend_name = None
    columns = [
        TitleColumn(
            "policy", label=_("制度"),
            accessor=lambda v: f"{v.page.document_number} {v.page.title}",
            get_url=lambda v: reverse("policies_compliance:version", args=[v.pk]),
        ),
        Column("version", label=_("版次"), accessor=_version_label),
        Column("published_on", label=_("发布日期")),
        Column("acknowledgement_due", label=_("确认截止")),
        Column("total", label=_("应确认")),
        Column("acknowledged", label=_("已确认")),
        Column("pending", label=_("待确认")),
        Column("overdue", label=_("已逾期")),
        Column("rate", label=_("确认率")),
    ]
    list_export = [
        "page.document_number", "page.title", "number", "version_label", "published_on",
        "acknowledgement_due", "total", "acknowledged", "pending", "overdue", "rate",
    ]
    export_headings = {
        "page.document_number": _("文件编号"),
        "page.title": _("制度名称"),
        "number": _("版次"),
        "version_label": _("版本号"),
        "published_on": _("发布日期"),
        "acknowledgement_due": _("确认截止日期"),
        "total": _("应确认人数"),
        "acknowledged": _("已确认"),
        "pending": _("待确认"),
        "overdue": _("已逾期"),
        "rate": _("确认率"),
    }

    def get_queryset(self):
        clearance = access.user_clearance(self.request.user)
        self.queryset = (
            PolicyVersion.objects.filter(substantive=True, page__confidentiality__lte=clearance)
            .select_related("page")
            .order_by("-published_at", "-pk")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        versions = compliance.stats_for_versions(object_list, self.today)
        for version in versions:
            version.published_on = timezone.localdate(version.published_at)
        return versions


class VersionReportMixin(ComplianceReportMixin):
    """A report on the version in the URL, if the HR member's clearance
    reaches its policy."""

    @cached_property
    def version(self):
        return get_object_or_404(PolicyVersion.objects.select_related("page"), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        # HR first (HRReportMixin.dispatch refuses anyone else with its own
        # message), then the 密级 of the version's policy.
        if self.user_may_open(request.user) and not compliance.can_view_policy_report(request.user, self.version.page):
            return permission_denied(request, PermissionDenied(_("您没有查看此密级制度报表的权限。")))
        return super().dispatch(request, *args, **kwargs)

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.version.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.version.pk])

    def get_page_subtitle(self):
        return f"{self.version.page.document_number} {self.version.page.title} · {_version_label(self.version)}"

    def get_filename(self):
        return f"{self.export_basename}-{self.version.page.document_number}-v{self.version.number}-{self.today.isoformat()}"


STATUS_FILTER_CHOICES = [
    (TaskStatus.ACKNOWLEDGED, TaskStatus.ACKNOWLEDGED.label),
    (TaskStatus.PENDING, _("待确认（含待重新确认）")),
    (TaskStatus.OVERDUE, TaskStatus.OVERDUE.label),
]


class PeopleFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        label=_("部门"), field_name="user__profile__department", queryset=Department.objects.all(),
        empty_label=_("全部部门"),
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=STATUS_FILTER_CHOICES, method="filter_status", empty_label=_("全部状态"),
    )

    class Meta:
        model = AcknowledgementTask
        fields = ["department", "status"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == TaskStatus.ACKNOWLEDGED:
            return queryset.acknowledged()
        if value == TaskStatus.OVERDUE:
            return queryset.unacknowledged().filter(due__lt=today)
        if value == TaskStatus.PENDING:
            return queryset.unacknowledged().filter(Q(due__gte=today))
        return queryset


class VersionPeopleView(VersionReportMixin, ReportView):
    """The people asked to acknowledge one version, and where each stands."""

    template_name = "policies/reports/version_people.html"
    page_title = _("制度阅读确认明细")
    index_url_name = "policies_compliance:version"
    index_results_url_name = "policies_compliance:version_results"
    filterset_class = PeopleFilterSet
    paginate_by = 100
    columns = [
        Column("name", label=_("姓名")),
        Column("employee_no", label=_("工号")),
        Column("department", label=_("部门")),
        Column("job_role", label=_("岗位")),
        Column("status_label", label=_("状态"), classname="ack-status"),
        Column("due", label=_("确认截止")),
        Column("acknowledged_at", label=_("确认时间"), accessor=lambda t: t.acknowledged_at and t.acknowledged_at.strftime("%Y-%m-%d %H:%M")),
        Column("acknowledged_version", label=_("确认版次")),
        Column("ip_address", label=_("IP 地址")),
    ]
    list_export = [
        "name", "username", "employee_no", "department", "job_role", "status_label", "due",
        "acknowledged_at", "acknowledged_version", "ip_address",
    ]
    export_headings = {
        "name": _("姓名"),
        "username": _("用户名"),
        "employee_no": _("工号"),
        "department": _("部门"),
        "job_role": _("岗位"),
        "status_label": _("状态"),
        "due": _("确认截止日期"),
        "acknowledged_at": _("确认时间"),
        "acknowledged_version": _("确认版次"),
        "ip_address": _("IP 地址"),
    }

    def get_queryset(self):
        self.queryset = (
            AcknowledgementTask.objects.filter(version=self.version)
            .select_related("user__profile__department", "user__profile__job_role", "version")
            .order_by("user__profile__department__name", "user__username")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        # The table and the export read the same (cached) task objects.
        for row in compliance.rows_for_tasks(object_list, self.today):
            for key, value in row.items():
                if key not in ("task", "user", "due"):
                    setattr(row["task"], key, value)
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = compliance.version_rows(self.version, self.today)
        context.update(
            version=self.version,
            summary=compliance.summarize(rows),
            departments=compliance.by_department(rows, _("（无部门）")),
            chart=compliance.version_chart(self.version, rows, self.today),
            departments_url=reverse("policies_compliance:departments", args=[self.version.pk]),
        )
        return context


class VersionDepartmentsView(VersionReportMixin, ReportView):
    """Per department: in scope, acknowledged, pending, overdue."""

    page_title = _("制度阅读确认（按部门）")
    index_url_name = "policies_compliance:departments"
    index_results_url_name = "policies_compliance:departments_results"
    export_basename = "policy-acknowledgements-by-department"
    paginate_by = None
    columns = [
        Column("department", label=_("部门")),
        Column("total", label=_("应确认")),
        Column("acknowledged", label=_("已确认")),
        Column("pending", label=_("待确认")),
        Column("overdue", label=_("已逾期")),
        Column("rate", label=_("确认率")),
    ]
    list_export = ["department", "total", "acknowledged", "pending", "overdue", "rate"]
    export_headings = {
        "department": _("部门"),
        "total": _("应确认人数"),
        "acknowledged": _("已确认"),
        "pending": _("待确认"),
        "overdue": _("已逾期"),
        "rate": _("确认率"),
    }

    def get_queryset(self):
        return compliance.by_department(compliance.version_rows(self.version, self.today), _("（无部门）"))
