"""The 培训管理 menu of the admin: snippets for plans, needs requests,
assignments, post-change training, sessions, the trainer pool (with each
trainer's rating, their trainees' results, appraisals and 记过 records),
certificates, 早会 records, the offices' annual plans (with the results
sent back) and the filed copies of production-reserve plan tables."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from ..aftersales import send_dealer_result
from ..models import (
    Certificate,
    CourseAssignment,
    CourseDevelopment,
    DealerTrainingPlan,
    MorningMeeting,
    NeedsSurvey,
    PlanLine,
    PlanTableCopy,
    PostChangeTraining,
    Trainer,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSession,
)
from ..trainers import trainee_results, trainer_rating


def plan_courses(plan):
    """The plan's courses in the listing (lines prefetched by the viewset)."""
    return "、".join(line.course.title if line.course_id else "—" for line in plan.lines.all()) or "—"


class TrainingPlanViewSet(SnippetViewSet):
    """The plans; their course lines are edited with the plan on the portal's
    plan page (one formset, locked once submitted), listed here."""

    model = TrainingPlan
    icon = "calendar"
    menu_label = _("培训计划")
    list_display = ["title", "kind", "department", "starts_on",
                    Column("courses", label=_("课程明细"), accessor=plan_courses), "status"]
    list_filter = ["kind", "status", "department"]

    def get_queryset(self, request):
        return TrainingPlan.objects.prefetch_related(
            Prefetch("lines", queryset=PlanLine.objects.select_related("course").order_by("sort_order", "pk")))


class NeedsSurveyCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.form.instance.created_by or self.request.user
        return super().save_instance()


class NeedsSurveyViewSet(SnippetViewSet):
    """调研计划 with its questions; sending it, the answers' summary and the
    analysis are on its page (``lms:needs_survey``)."""

    model = NeedsSurvey
    add_view_class = NeedsSurveyCreateView
    icon = "help"
    menu_label = _("培训需求调研")
    list_display = ["title", "method", "opens_on", "closes_on", "status",
                    TitleColumn("page", label=_("调研汇总"), accessor=lambda s: _("打开"),
                                get_url=lambda s: s.get_absolute_url())]
    list_filter = ["status", "method"]
    search_fields = ["title"]


class CourseDevelopmentViewSet(SnippetViewSet):
    """立项: the course, its owner and team; the steps are recorded on the
    development's page (``lms:course_development``), in order."""

    model = CourseDevelopment
    icon = "doc-full-inverse"
    menu_label = _("课程开发")
    list_display = ["course", "owner", "progress", "filed_on", "last_evaluated_on",
                    TitleColumn("page", label=_("开发记录"), accessor=lambda d: _("打开"),
                                get_url=lambda d: d.get_absolute_url())]
    list_filter = ["stage"]
    inspect_view_enabled = True
    inspect_view_fields = ["course", "owner", "stage", "filed_on", "last_evaluated_on"]


class NeedsRequestViewSet(SnippetViewSet):
    model = TrainingNeedsRequest
    icon = "form"
    list_display = ["department", "month", "participants", "submitted_on", "late"]
    list_filter = ["department"]


class AssignmentViewSet(SnippetViewSet):
    model = CourseAssignment
    icon = "group"
    list_display = ["course", "due_date", "note", "created_at"]


class PostChangeViewSet(SnippetViewSet):
    model = PostChangeTraining
    icon = "user"
    list_display = ["person", "kind", "to_department", "starts_on", "ends_on", "review_result"]
    list_filter = ["kind", "review_result"]


class SessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    list_display = ["title", "trainer", "starts_at", "location"]


def results_summary(trainer):
    """One line for the pool's listing: what the trainer's trainees did."""
    r = trainee_results(trainer.user)
    text = _(
        "学员 %(trainees)d 人 · 培训记录 %(entries)d 条（确认 %(signed)d，异议 %(disputed)d）· 退回 %(back)d 次"
    ) % {"trainees": r.trainees, "entries": r.entries, "signed": r.signed, "disputed": r.disputed,
         "back": r.sent_back}
    if r.attendance_rate is not None:
        text += _(" · 课堂 %(sessions)d 次，出勤率 %(rate)s%%") % {"sessions": r.sessions, "rate": r.attendance_rate}
    return text


class TrainerViewSet(SnippetViewSet):
    model = Trainer
    icon = "user"
    menu_label = _("师资库")
    list_display = [
        "name", "status", "specialities",
        Column("average_rating", label=_("学员评分"), accessor=lambda trainer: trainer_rating(trainer.user)),
        Column("results_summary", label=_("学员培训结果"), accessor=results_summary),
        "admitted_on",
        TitleColumn("page", label=_("入库、考核与退出"), accessor=lambda trainer: _("打开"),
                    get_url=lambda trainer: trainer.get_absolute_url()),
    ]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = ["user", "status", "specialities", "trial_lecture_on", "trial_lecture_score",
                           "admitted_on", "last_appraised_on", "appraisal_note", "removed_reason",
                           "appraisal_record", "demerit_record"]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    list_display = ["code", "holder_name", "course_title", "issued_at"]
    search_fields = ["code", "holder_name", "course_title"]


class MorningMeetingViewSet(SnippetViewSet):
    model = MorningMeeting
    icon = "group"
    menu_label = _("早会记录")
    list_display = ["__str__", "held_by", "remarks"]
    inspect_view_enabled = True


class DealerPlanEditView(EditView):
    """Saving the plan sends the office/dealer the results not sent yet."""

    def save_instance(self):
        instance = super().save_instance()
        for result in instance.results.filter(sent_at__isnull=True):
            try:
                send_dealer_result(result, self.request.user)
            except ValidationError as error:
                messages.warning(self.request, "；".join(error.messages))
                break
        return instance


class DealerPlanCreateView(CreateView):
    def save_instance(self):
        self.form.instance.made_by = self.form.instance.made_by or self.request.user
        instance = super().save_instance()
        for result in instance.results.filter(sent_at__isnull=True):
            try:
                send_dealer_result(result, self.request.user)
            except ValidationError as error:
                messages.warning(self.request, "；".join(error.messages))
                break
        return instance


class DealerTrainingPlanViewSet(SnippetViewSet):
    model = DealerTrainingPlan
    add_view_class = DealerPlanCreateView
    edit_view_class = DealerPlanEditView
    icon = "globe"
    menu_label = _("办事处/经销商年度培训计划")
    list_display = ["year", "sponsor", "sponsor_email", "made_by"]
    list_filter = ["year"]
    search_fields = ["sponsor"]


class PlanTableCopyViewSet(SnippetViewSet):
    model = PlanTableCopy
    icon = "doc-full"
    menu_label = _("培训计划表存档")
    list_display = ["table", "department", "filed_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["table", "department", "filed_at", "snapshot"]


class TrainingGroup(SnippetViewSetGroup):
    menu_label = _("培训管理")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (NeedsSurveyViewSet, TrainingPlanViewSet, CourseDevelopmentViewSet, NeedsRequestViewSet, AssignmentViewSet, PostChangeViewSet, SessionViewSet,
             TrainerViewSet, CertificateViewSet, MorningMeetingViewSet, DealerTrainingPlanViewSet,
             PlanTableCopyViewSet)
