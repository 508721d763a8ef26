"""The 培训管理 menu of the admin: snippets for plans, needs requests,
assignments, post-change training, sessions, the trainer pool (with each
trainer's rating and their trainees' results) and certificates."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import (
    Certificate,
    CourseAssignment,
    PostChangeTraining,
    Trainer,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSession,
)
from ..trainers import trainee_results, trainer_rating


class TrainingPlanViewSet(SnippetViewSet):
    model = TrainingPlan
    icon = "calendar"
    menu_label = _("培训计划")
    list_display = ["title", "kind", "department", "starts_on", "status"]
    list_filter = ["kind", "status", "department"]


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
    ]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = ["user", "status", "specialities", "trial_lecture_on", "trial_lecture_score",
                           "admitted_on", "last_appraised_on", "appraisal_note", "removed_reason"]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    list_display = ["code", "holder_name", "course_title", "issued_at"]
    search_fields = ["code", "holder_name", "course_title"]


class TrainingGroup(SnippetViewSetGroup):
    menu_label = _("培训管理")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (TrainingPlanViewSet, NeedsRequestViewSet, AssignmentViewSet, PostChangeViewSet, SessionViewSet,
             TrainerViewSet, CertificateViewSet)
