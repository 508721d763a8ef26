"""Admin for the question bank and written exams 题库与考试: questions and
their categories (snippets with revisions), the record of attempts and
placement results (read-only: the exam engine writes them), and the
question import 导入题目 (for users who may add questions).

Registered from :mod:`assessments.wagtail_hooks`."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..importing import ImportRefused, import_questions
from ..models import ExamAttempt, PlacementResult, Question, QuestionCategory

IMPORT_PERMISSION = "assessments.add_question"


class QuestionViewSet(SnippetViewSet):
    """Questions with revisions (history, compare); attempts keep their own snapshots."""

    model = Question
    icon = "help"
    menu_label = gettext_lazy("题目")
    list_display = ["__str__", "category", "qtype", "points", "active", "updated_at"]
    list_filter = ["category", "qtype", "active"]
    search_fields = ["text"]
    inspect_view_enabled = True


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("题目分类")
    list_display = ["name", "sort_order"]


class RecordOnlyPermissionPolicy(ModelPermissionPolicy):
    """Attempts and placement results are written by the exam engine only:
    the admin may look, not add, edit or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


class ExamAttemptViewSet(SnippetViewSet):
    model = ExamAttempt
    icon = "doc-full"
    menu_label = gettext_lazy("考试作答")
    list_display = ["user", "exam", "number", "is_retake", "status", "score_in_force", "passed_in_force",
                    "started_at", "submitted_at"]
    list_filter = ["status", "passed", "is_retake", "close_reason"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = ["exam", "user", "number", "is_retake", "status", "close_reason", "started_at", "deadline",
                           "submitted_at", "points", "max_points", "score", "passed", "finalised_at",
                           "score_in_force", "passed_in_force", "correction_history"]

    def get_queryset(self, request):
        """Listed with the result in force (one query, not one per row)."""
        return ExamAttempt.objects.with_effective_result().select_related("user", "exam")


class PlacementResultViewSet(SnippetViewSet):
    model = PlacementResult
    icon = "order"
    menu_label = gettext_lazy("摸底考试结果")
    list_display = ["trainee", "written_score", "practical_score", "score", "position", "level", "created_at",
                    "table", "applied_at", "note"]
    list_filter = ["level", "position"]
    inspect_view_enabled = True
    copy_view_enabled = False


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("题库与考试")
    menu_icon = "help"
    menu_order = 310
    items = (QuestionViewSet, QuestionCategoryViewSet, ExamAttemptViewSet, PlacementResultViewSet)


# -- 导入题目 ----------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("题目文件（XLSX 或 CSV）"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只能导入 .xlsx 或 .csv 文件。"))
        return file


def import_view(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("您没有导入题目的权限。"))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_questions(upload.read(), upload.name, user=request.user)
        except ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, _("已导入 %(n)s 道题目。") % {"n": len(created)})
            return redirect("assessments_import_questions")
    return TemplateResponse(request, "assessments/admin/import_questions.html", {"form": form, "errors": errors})


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


def admin_urls():
    return [path("assessments/questions/import/", import_view, name="assessments_import_questions")]


def import_menu_item():
    return ImportMenuItem(gettext_lazy("导入题目"), reverse("assessments_import_questions"), icon_name="upload",
                          order=312)
