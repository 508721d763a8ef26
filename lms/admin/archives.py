"""The 培训评估与档案 menu of the admin: skill observations (rubric with
weighted criteria), business-impact indicators, the evaluation reports
sent, training archives (with their uploaded photos and documents) and
loans. Approving and returning loans happens on the front-end page the
menu links to (:mod:`lms.views.archives`), where the rules are enforced."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import ArchiveLoan, EvaluationReportSend, ImpactIndicator, SkillObservation, TrainingArchive


class SkillObservationViewSet(SnippetViewSet):
    model = SkillObservation
    icon = "tasks"
    menu_label = _("技能应用观察")
    list_display = ["title", "session", "observer", "observed_on"]
    list_filter = ["observed_on"]
    search_fields = ["title"]


class ImpactIndicatorViewSet(SnippetViewSet):
    model = ImpactIndicator
    icon = "order"
    menu_label = _("业务影响指标")
    list_display = ["name", "session", Column("subject", label=_("对象"), accessor="subject"), "before", "after", "unit", "reported_by", "reported_on"]
    list_filter = ["reported_on"]
    search_fields = ["name"]


def _report_link(record):
    return reverse("lms:evaluation", args=[record.session_id])


class EvaluationSendViewSet(SnippetViewSet):
    model = EvaluationReportSend
    icon = "mail"
    menu_label = _("评估报告发送记录")
    list_display = ["__str__", "sent_by", "sent_at", "recipient_names",
                    TitleColumn("report", label=_("评估报告"), accessor=lambda r: _("查看"), get_url=_report_link)]
    list_filter = ["sent_at"]
    add_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["session", "sent_by", "sent_at", "recipient_names"]


class TrainingArchiveViewSet(SnippetViewSet):
    model = TrainingArchive
    icon = "folder-open-inverse"
    menu_label = _("培训档案")
    list_display = ["session", Column("project", label=_("培训项目"), accessor="project"), "filed_at",
                    TitleColumn("open", label=_("档案页"), accessor=lambda a: _("打开"),
                           get_url=lambda a: a.get_absolute_url())]
    list_filter = ["filed_at"]
    search_fields = ["note"]


class ArchiveLoanViewSet(SnippetViewSet):
    """The loans' register. HR holds only the view permission on it:
    requests, approvals and returns go through the archive pages, which check
    who may do them, so nobody edits a loan here."""

    model = ArchiveLoan
    icon = "history"
    menu_label = _("档案借阅记录")
    list_display = ["__str__", "starts_on", "ends_on", "status", "decided_by", "returned_at"]
    list_filter = ["status", "ends_on"]
    add_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["archive", "item", "borrower", "reason", "starts_on", "ends_on", "status",
                           "requested_at", "decided_by", "decided_at", "decision_note", "returned_at", "returned_to"]


class EvaluationArchiveGroup(SnippetViewSetGroup):
    menu_label = _("培训评估与档案")
    menu_icon = "folder-inverse"
    menu_order = 253
    items = (SkillObservationViewSet, ImpactIndicatorViewSet, EvaluationSendViewSet, TrainingArchiveViewSet,
             ArchiveLoanViewSet)
