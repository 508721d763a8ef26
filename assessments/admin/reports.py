"""HR reports in the Wagtail admin (报表 › …), each exportable to XLSX and CSV
on the shared base :class:`people.reports.HRReportMixin`:

- :class:`GradeRosterView` 职级与薪资花名册: each graded person's current
  confirmed grade, track and monthly pay parts (``monthly_pay``);
- :class:`TrainerAccountabilityView` 培训人责任: per trainer per machine
  model/content, trainees assessed and failed, failure rate, responsibility
  and penalty (``rules.accountability.trainer_accountability``);
- :class:`DealerFeesView` 委培补训费: what office/dealer trainees who continue
  after failing owe (``rules.accountability.continuation_fee``).

HR only: the ``assessments.view_assessment_reports`` permission (granted to
人资部 by migration 0005). Views gather rows; the rules are plain functions.
"""
import dataclasses
import datetime
import tempfile
from types import SimpleNamespace

import django_filters
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Collate
from django.http import FileResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from people.models import person_name, profile_of
from people.reports import HRReportMixin, can_open

from ..accountability import practical_outcomes, written_outcomes
from ..models import ContinuedTraining, GradeDecision, PracticalExam
from ..rules.accountability import continuation_fee, trainer_accountability
from ..rules.in_force import resolve_rules
from ..rules.pay import cohort_pay
from ..terms.scheme import NoSchemeInForce
from ..terms.vocabulary import grade_label

REPORT_PERMISSION = "assessments.view_assessment_reports"


def can_view_reports(user):
    """HR only: anyone holding ``assessments.view_assessment_reports``."""
    return can_open(user, REPORT_PERMISSION)


def _yes_no(value):
    return str(_("是")) if value else str(_("否"))


class AssessmentReportMixin(HRReportMixin):
    """The shared HR report base, for the assessment and pay reports: one
    permission, one refusal message, every row on one page."""

    permission = REPORT_PERMISSION
    denied_message = _("考核与薪资报表仅限人资部查看。")
    header_icon = "table"
    paginate_by = None


# -- 职级与薪资花名册 ---------------------------------------------------------------


@dataclasses.dataclass
class RosterRow:
    name: str
    username: str
    employee_no: str
    department: str
    grade: str
    grade_label: str
    track: str
    track_label: str
    position: object = None
    performance: object = None
    allowance: object = None
    travel_supplement_per_day: object = None
    total: object = None
    pay_scheme: str = ""
    workings: str = ""
    decision_scheme: str = ""
    confirmed_at: object = None
    confirmed_by: str = ""


def _current_decisions():
    """Each person's confirmed decision in force now (the latest confirmed),
    chosen by the database: one row per person, not their whole history;
    in the roster's order (department, employee number, username, compared
    character by character as Python compares them)."""
    confirmed = GradeDecision.objects.confirmed()
    newer = confirmed.filter(person=OuterRef("person")).filter(
        Q(confirmed_at__gt=OuterRef("confirmed_at")) | Q(confirmed_at=OuterRef("confirmed_at"), pk__gt=OuterRef("pk"))
    )
    keys = [Coalesce("person__profile__department__name", Value("")),
            Coalesce("person__profile__employee_no", Value("")), F("person__username")]
    if connection.vendor == "postgresql":
        keys = [Collate(key, "C") for key in keys]  # code point order, as sorted() (SQLite's default already)
    return (confirmed.exclude(Exists(newer))
            .select_related("person__profile__department", "scheme", "confirmed_by")
            .defer("rules", "reasons", "note", "field_ability_note")
            .order_by(*keys, "pk"))


def current_decisions():
    """:func:`_current_decisions` as a list."""
    return list(_current_decisions())


def _roster_row(decision, rules, pay):
    person = decision.person
    profile = profile_of(person)
    row = RosterRow(
        name=person_name(person), username=person.get_username(),
        employee_no=profile.employee_no if profile else "",
        department=str(profile.department) if profile and profile.department else "",
        grade=decision.proposed_grade, grade_label=grade_label(decision.proposed_grade),
        track=decision.track, track_label=str(decision.get_track_display()),
        decision_scheme=decision.scheme.version_label, confirmed_at=decision.confirmed_at,
        confirmed_by=person_name(decision.confirmed_by),
    )
    if pay is not None:
        row.position, row.performance, row.allowance = pay.position, pay.performance, pay.allowance
        row.travel_supplement_per_day, row.total = pay.travel_supplement_per_day, pay.total
        row.pay_scheme = rules.label
        row.workings = "；".join(pay.workings + pay.notes)
    return row


class RosterRows:
    """The roster as a lazy sequence for the listing and the exports: its
    length is one COUNT, a page (a slice) reads only that page's decisions,
    and iterating reads the decisions in chunks (a server-side cursor on
    PostgreSQL), so a screen and an export of 10,000 people cost a fixed
    number of queries and hold one chunk of rows at a time. Pay is computed
    once per grade and track (``cohort_pay``) under the scheme in force on
    ``on`` (default: today); without one, the pay columns stay empty."""

    chunk_size = 2000

    def __init__(self, on=None):
        self.on = on
        self.decisions = _current_decisions()

    @cached_property
    def rules(self):
        try:
            return resolve_rules(on=self.on)
        except NoSchemeInForce:
            return None

    def _rows(self, decisions):
        decisions = list(decisions)
        if self.rules is None:
            return [_roster_row(d, None, None) for d in decisions]
        pays = cohort_pay([(d.proposed_grade, d.track, 0) for d in decisions], scheme=self.rules)
        return [_roster_row(d, self.rules, pay) for d, pay in zip(decisions, pays, strict=True)]

    def count(self):
        return self.decisions.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(self.decisions[index])
        return self._rows(self.decisions[index:index + 1])[0]

    def __iter__(self):
        chunk = []
        for decision in self.decisions.iterator(chunk_size=self.chunk_size):
            chunk.append(decision)
            if len(chunk) == self.chunk_size:
                yield from self._rows(chunk)
                chunk = []
        yield from self._rows(chunk)


def roster_rows(on=None):
    """The roster as a list of rows, pay computed under the scheme in force
    on ``on`` (default: today). Large rosters: iterate :class:`RosterRows`."""
    return list(RosterRows(on=on))


class GradeRosterView(AssessmentReportMixin, ReportView):
    page_title = _("职级与薪资花名册")
    index_url_name = "assessments_reports:roster"
    index_results_url_name = "assessments_reports:roster_results"
    export_basename = "grade-pay-roster"
    paginate_by = 100  # on screen; the XLSX/CSV export holds every row (written row by row)
    columns = [
        Column("name", label=_("姓名")),
        Column("employee_no", label=_("工号")),
        Column("department", label=_("部门")),
        Column("grade_label", label=_("职级")),
        Column("track_label", label=_("薪资类别")),
        Column("position", label=_("岗位工资")),
        Column("performance", label=_("绩效工资")),
        Column("allowance", label=_("技术津贴")),
        Column("travel_supplement_per_day", label=_("出差补贴（元/天）")),
        Column("total", label=_("月合计（不含出差）")),
        Column("workings", label=_("计算说明")),
        Column("confirmed_at", label=_("确认时间"),
               accessor=lambda r: timezone.localtime(r.confirmed_at).strftime("%Y-%m-%d %H:%M")),
        Column("confirmed_by", label=_("确认人")),
    ]
    list_export = ["name", "username", "employee_no", "department", "grade", "grade_label", "track", "track_label",
                   "position", "performance", "allowance", "travel_supplement_per_day", "total", "workings",
                   "pay_scheme", "decision_scheme", "confirmed_at", "confirmed_by"]
    export_headings = {
        "name": _("姓名"), "username": _("用户名"), "employee_no": _("工号"), "department": _("部门"),
        "grade": _("职级代码"), "grade_label": _("职级"), "track": _("薪资类别代码"), "track_label": _("薪资类别"),
        "position": _("岗位工资"), "performance": _("绩效工资"), "allowance": _("技术津贴"),
        "travel_supplement_per_day": _("出差补贴（元/天）"), "total": _("月合计（不含出差）"),
        "workings": _("计算说明"), "pay_scheme": _("薪资依据方案"), "decision_scheme": _("定级依据方案"), "confirmed_at": _("确认时间"),
        "confirmed_by": _("确认人"),
    }

    def get_queryset(self):
        return RosterRows(on=self.today)

    def get_filtered_queryset(self):
        return self.get_queryset()

    def write_xlsx_response(self, queryset):
        """The XLSX written row by row to a temporary file (openpyxl's
        write-only mode) and sent from it in blocks: memory stays bounded
        however many people the roster holds (Wagtail's own keeps the whole
        file in memory)."""
        output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(output, as_attachment=True, filename=f"{self.get_filename()}.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# -- 培训人责任 --------------------------------------------------------------------


class ExamPeriodFilterSet(WagtailFilterSet):
    scheduled_on = django_filters.DateFromToRangeFilter(label=_("考核日期"), widget=DateRangePickerWidget)
    machine_model = django_filters.CharFilter(label=_("机种/培训内容"), lookup_expr="icontains")

    class Meta:
        model = PracticalExam
        fields = ["scheduled_on", "machine_model"]


def accountability_rows(exams, scheme=None, *, on=None, written=()):
    """Rows from final practical ``exams`` and ``written`` outcomes (grading
    written sittings, :func:`assessments.accountability.written_outcomes`)."""
    return trainer_accountability(practical_outcomes(exams) + list(written), scheme=scheme, on=on)


class TrainerAccountabilityView(AssessmentReportMixin, ReportView):
    page_title = _("培训人责任（不合格率）")
    index_url_name = "assessments_reports:accountability"
    index_results_url_name = "assessments_reports:accountability_results"
    export_basename = "trainer-accountability"
    filterset_class = ExamPeriodFilterSet
    columns = [
        Column("trainer", label=_("主导培训人"), accessor=lambda r: person_name(r.trainer)),
        Column("machine_model", label=_("机种/培训内容")),
        Column("assessed", label=_("受考核人数")),
        Column("failed", label=_("不合格人数")),
        Column("failure_percent", label=_("不合格率（%）")),
        Column("responsible", label=_("须负责"), accessor=lambda r: _yes_no(r.responsible)),
        Column("penalty", label=_("处罚金额（元）")),
        Column("reason", label=_("说明")),
    ]
    list_export = ["trainer_name", "trainer_username", "machine_model", "assessed", "failed", "failure_percent",
                   "responsible_text", "penalty", "reason"]
    export_headings = {
        "trainer_name": _("主导培训人"), "trainer_username": _("用户名"), "machine_model": _("机种/培训内容"),
        "assessed": _("受考核人数"), "failed": _("不合格人数"), "failure_percent": _("不合格率（%）"),
        "responsible_text": _("须负责"), "penalty": _("处罚金额（元）"), "reason": _("说明"),
    }

    def get_queryset(self):
        return PracticalExam.objects.final().select_related("trainer").order_by("pk")

    def get_filtered_queryset(self):
        exams = self.filter_queryset(self.get_queryset())
        filters = getattr(self, "filters", None)
        data = filters.form.cleaned_data if filters is not None and filters.is_valid() else {}
        written, _unattributed = written_outcomes(period=data.get("scheduled_on"),
                                                  machine_model=data.get("machine_model") or "")
        return [
            SimpleNamespace(**vars(row), failure_percent=row.failure_percent, trainer_name=person_name(row.trainer),
                            trainer_username=row.trainer.get_username(), responsible_text=_yes_no(row.responsible))
            for row in accountability_rows(exams, on=self.today, written=written)
        ]


# -- 委培补训费 --------------------------------------------------------------------


@dataclasses.dataclass
class FeeRow:
    record: ContinuedTraining
    name: str
    employee_no: str
    sponsor: str
    failed_exam: str
    started_on: datetime.date
    ended_on: object
    status: str
    days: int
    daily_fee: object
    fee: object


def fee_rows(records, *, today):
    rows = []
    for record in records:
        profile = profile_of(record.trainee)
        fee = continuation_fee(record.started_on, record.ended_on, record.daily_fee, today=today)
        rows.append(FeeRow(
            record=record, name=person_name(record.trainee), employee_no=profile.employee_no if profile else "",
            sponsor=record.sponsor, failed_exam=str(record.failed_exam) if record.failed_exam_id else "",
            started_on=record.started_on, ended_on=record.ended_on,
            status=str(_("培训中")) if fee.ongoing else str(_("已结束")),
            days=fee.days, daily_fee=fee.daily_fee, fee=fee.fee,
        ))
    return rows


class DealerFeesView(AssessmentReportMixin, ReportView):
    page_title = _("委培人员补训费")
    index_url_name = "assessments_reports:dealer_fees"
    index_results_url_name = "assessments_reports:dealer_fees_results"
    export_basename = "dealer-training-fees"
    columns = [
        Column("name", label=_("受训人")),
        Column("employee_no", label=_("工号")),
        Column("sponsor", label=_("派遣单位")),
        Column("failed_exam", label=_("不合格的考核")),
        Column("started_on", label=_("开始日期")),
        Column("ended_on", label=_("结束日期"), accessor=lambda r: r.ended_on or _("培训中")),
        Column("days", label=_("天数")),
        Column("daily_fee", label=_("补训费（元/天）")),
        Column("fee", label=_("应收金额（元）")),
    ]
    list_export = ["name", "employee_no", "sponsor", "failed_exam", "started_on", "ended_on", "status", "days",
                   "daily_fee", "fee"]
    export_headings = {
        "name": _("受训人"), "employee_no": _("工号"), "sponsor": _("派遣单位"), "failed_exam": _("不合格的考核"),
        "started_on": _("开始日期"), "ended_on": _("结束日期"), "status": _("状态"), "days": _("天数"),
        "daily_fee": _("补训费（元/天）"), "fee": _("应收金额（元）"),
    }

    def get_queryset(self):
        return ContinuedTraining.objects.select_related("trainee__profile", "failed_exam__trainee").order_by(
            "sponsor", "started_on", "pk")

    def get_filtered_queryset(self):
        return fee_rows(self.get_queryset(), today=self.today)


# -- URLs and menu items (registered in assessments.wagtail_hooks) --------------------

report_urls = [
    path("roster/", GradeRosterView.as_view(), name="roster"),
    path("roster/results/", GradeRosterView.as_view(results_only=True), name="roster_results"),
    path("accountability/", TrainerAccountabilityView.as_view(), name="accountability"),
    path("accountability/results/", TrainerAccountabilityView.as_view(results_only=True),
         name="accountability_results"),
    path("dealer-fees/", DealerFeesView.as_view(), name="dealer_fees"),
    path("dealer-fees/results/", DealerFeesView.as_view(results_only=True), name="dealer_fees_results"),
]


class HRReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def roster_menu_item():
    return HRReportMenuItem(_("职级与薪资花名册"), reverse("assessments_reports:roster"), name="grade-pay-roster",
                            icon_name="table", order=660)


def accountability_menu_item():
    return HRReportMenuItem(_("培训人责任"), reverse("assessments_reports:accountability"),
                            name="trainer-accountability", icon_name="warning", order=661)


def dealer_fees_menu_item():
    return HRReportMenuItem(_("委培人员补训费"), reverse("assessments_reports:dealer_fees"),
                            name="dealer-training-fees", icon_name="date", order=662)
