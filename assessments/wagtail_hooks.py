"""Admin wiring for grades and pay: HR edits and publishes grading schemes
(drafts, revisions, history), reviews recorded grade decisions and confirms them."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms import progress
from people.inbox import HOME_LINKS_HOOK, INBOX_SECTION_HOOK, HomeLink, InboxSection

from . import services
from .models import (
    AttemptStatus,
    DecisionStatus,
    ExamAttempt,
    ExamIndexPage,
    GradeDecision,
    GradingScheme,
    PracticalExam,
    ScoreSheet,
)
from .services import CONFIRM_ACTION, PROPOSE_ACTION


class GradingSchemeViewSet(SnippetViewSet):
    model = GradingScheme
    icon = "table"
    menu_label = _("定级与薪资方案")
    list_display = ["version_label", "name", "effective_date", "source_document",
                    BooleanColumn("live", label=_("已启用")), "confirmed_at"]
    list_filter = ["live"]
    search_fields = ["name", "version_label", "source_document"]
    inspect_view_enabled = True
    copy_view_enabled = True


class RecordedDecisionPermissionPolicy(ModelPermissionPolicy):
    """Decisions are made by ``services.record_decision`` and changed only by
    ``services.confirm``: nobody adds, edits or deletes them in the admin."""

    read_only_actions = {"view"}

    def user_has_permission(self, user, action):
        if action not in self.read_only_actions:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.read_only_actions])


register_permission_policy(GradeDecision, RecordedDecisionPermissionPolicy(GradeDecision))


class GradeDecisionViewSet(SnippetViewSet):
    model = GradeDecision
    icon = "tasks"
    menu_label = _("定级记录")
    list_display = ["person", "proposed_grade", "score", "track", "status", "scheme", "confirmed_by",
                    "confirmed_at", "created_at"]
    list_filter = ["status", "proposed_grade", "track", "scheme"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "person", "track", "written_score", "practical_score", "score", "education", "product_series",
        "years_experience", "repair_certificate", "band_grade", "proposed_grade", "reasons", "scheme",
        "status", "created_by", "created_at", "confirmed_by", "confirmed_at", "note",
    ]


class GradesAndPayGroup(SnippetViewSetGroup):
    menu_label = _("定级与薪资")
    menu_icon = "table"
    menu_order = 320
    items = (GradingSchemeViewSet, GradeDecisionViewSet)


register_snippet(GradesAndPayGroup)


@hooks.register("register_log_actions")
def register_grade_actions(actions):
    actions.register_action(PROPOSE_ACTION, _("提出定级"), _("系统根据考核成绩提出定级"))
    actions.register_action(CONFIRM_ACTION, _("确认定级"), _("人资确认定级结果"))


@hooks.register("register_bulk_action")
class ConfirmGradeDecisionsBulkAction(SnippetBulkAction):
    """HR selects proposed decisions in the listing and confirms them; each
    goes through ``services.confirm`` (who and when recorded, logged)."""

    display_name = _("确认定级")
    action_type = "confirm"
    aria_label = _("确认所选定级记录")
    template_name = "assessments/bulk_actions/confirm_grade_decisions.html"
    action_priority = 10
    models = [GradeDecision]

    def check_perm(self, decision):
        return (self.request.user.has_perm("assessments.confirm_gradedecision")
                and decision.status == DecisionStatus.PROPOSED)

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for decision in objects:
            services.confirm(decision, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("已确认 %(count)d 条定级记录。", "已确认 %(count)d 条定级记录。",
                        num_parent_objects) % {"count": num_parent_objects}


# ---- question bank, written exams and marking (题库、书面考试、阅卷) -------------------

from django.urls import path as _path  # noqa: E402
from django.urls import reverse as _reverse  # noqa: E402
from wagtail.admin.menu import MenuItem as _MenuItem  # noqa: E402

from . import views_marking  # noqa: E402
from .attempts import best_written_score  # noqa: E402
from .models import PlacementResult, Question, QuestionCategory  # noqa: E402


class QuestionViewSet(SnippetViewSet):
    """Questions with revisions (history, compare); attempts keep their own snapshots."""

    model = Question
    icon = "help"
    menu_label = _("题目")
    list_display = ["__str__", "category", "qtype", "points", "active", "updated_at"]
    list_filter = ["category", "qtype", "active"]
    search_fields = ["text"]
    inspect_view_enabled = True


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("题目分类")
    list_display = ["name", "sort_order"]


class RecordOnlyPermissionPolicy(ModelPermissionPolicy):
    """Attempts and placement results are written by the exam engine only:
    the admin may look, not add, edit or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(ExamAttempt, RecordOnlyPermissionPolicy(ExamAttempt))
register_permission_policy(PlacementResult, RecordOnlyPermissionPolicy(PlacementResult))


class ExamAttemptViewSet(SnippetViewSet):
    model = ExamAttempt
    icon = "doc-full"
    menu_label = _("考试作答")
    list_display = ["user", "exam", "number", "is_retake", "status", "score", "passed", "started_at",
                    "submitted_at"]
    list_filter = ["status", "passed", "is_retake", "close_reason"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = ["exam", "user", "number", "is_retake", "status", "close_reason", "started_at", "deadline",
                           "submitted_at", "points", "max_points", "score", "passed", "finalised_at"]


class PlacementResultViewSet(SnippetViewSet):
    model = PlacementResult
    icon = "order"
    menu_label = _("摸底考试结果")
    list_display = ["trainee", "score", "level", "created_at", "table", "applied_at", "note"]
    list_filter = ["level"]
    inspect_view_enabled = True
    copy_view_enabled = False


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("题库与考试")
    menu_icon = "help"
    menu_order = 310
    items = (QuestionViewSet, QuestionCategoryViewSet, ExamAttemptViewSet, PlacementResultViewSet)


register_snippet(QuestionBankGroup)


@hooks.register("register_admin_urls")
def register_exam_admin_urls():
    return [
        _path("assessments/marking/", views_marking.marking_queue, name="assessments_marking"),
        _path("assessments/marking/<int:answer_id>/", views_marking.mark, name="assessments_mark"),
        _path("assessments/questions/import/", views_marking.import_view, name="assessments_import_questions"),
    ]


class _MarkerMenuItem(_MenuItem):
    def is_shown(self, request):
        return views_marking.can_mark(request.user)


class _ImportMenuItem(_MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views_marking.IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def marking_menu_item():
    return _MarkerMenuItem(_("阅卷"), _reverse("assessments_marking"), icon_name="edit", order=311)


@hooks.register("register_admin_menu_item")
def import_questions_menu_item():
    return _ImportMenuItem(_("导入题目"), _reverse("assessments_import_questions"), icon_name="upload", order=312)


@hooks.register("assessments_written_score")
def written_exam_score(person):
    """The written-exam engine's answer to :func:`assessments.results.written_score_for`."""
    return best_written_score(person)


# ---- practical exams, HR reports, payroll tokens (实操考核、人资报表、薪资接口) ---------

from django.urls import include as _include  # noqa: E402

from . import admin_practical, reports  # noqa: E402

register_snippet(admin_practical.PracticalExamsGroup)
hooks.register("register_snippet_listing_buttons", admin_practical.exam_listing_buttons)
hooks.register("register_admin_urls", admin_practical.admin_urls)
hooks.register("register_reports_menu_item", reports.roster_menu_item)
hooks.register("register_reports_menu_item", reports.accountability_menu_item)
hooks.register("register_reports_menu_item", reports.dealer_fees_menu_item)


@hooks.register("register_admin_urls")
def register_hr_report_urls():
    return [_path("assessments/reports/", _include((reports.report_urls, "assessments_reports"),
                                                   namespace="assessments_reports"))]


@hooks.register("register_log_actions")
def register_practical_actions(actions):
    from .practical import FINALISE_ACTION, RETAKE_ACTION, SUBMIT_ACTION

    actions.register_action(SUBMIT_ACTION, _("提交实操评分"), _("考评人提交实操考核评分"))
    actions.register_action(FINALISE_ACTION, _("实操考核完成"), _("全部考评人提交，得出考核结果"))
    actions.register_action(RETAKE_ACTION, _("安排补考"), _("为不合格的实操考核安排补考"))


# ---- the portal's shared pages (see people.inbox) ------------------------


@hooks.register(INBOX_SECTION_HOOK)
def exams_inbox_section(user, today):
    """我的待办: written exams under way (not handed in) and course exams still to pass."""
    courses = [row for row in progress.my_learning(user, today) if row["status"] != "completed"]
    exams_to_pass = [row for row in courses if row["course"].has_exam and not row["enrolment"].exam_passed_at]
    attempts = (ExamAttempt.objects.filter(user=user, status=AttemptStatus.IN_PROGRESS)
                .select_related("exam").order_by("deadline"))
    return InboxSection(key="exams", template="assessments/inbox/exams.html",
                        context={"attempts": attempts, "exams_to_pass": exams_to_pass}, order=30)


@hooks.register(INBOX_SECTION_HOOK)
def practical_inbox_section(user, today):
    """我的待办: practical exams whose panel is waiting for this person's score sheet."""
    scored = ScoreSheet.objects.filter(examiner=user).values("exam_id")
    to_score = (PracticalExam.objects.assigned_to(user).filter(open_for_scoring=True, finalised_at__isnull=True)
                .exclude(pk__in=scored).select_related("trainee").order_by("scheduled_on", "pk"))
    return InboxSection(key="practical", template="assessments/inbox/practical.html",
                        context={"practical_to_score": to_score}, order=40)


@hooks.register(HOME_LINKS_HOOK)
def exam_home_links(request):
    """The home page's cards for assessment: each exam centre (考试中心)."""
    return [HomeLink(title=index.title, url=index.url, intro=index.intro or _("在线考试、补考与成绩查询。"), order=40)
            for index in ExamIndexPage.objects.live()]
