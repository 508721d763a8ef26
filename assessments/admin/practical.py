"""Admin for practical exams 实际操作考核: HR sets up exams (tasks, rubric,
panel), opens them for scoring, reads the results, starts a retake 补考 or
asks for a grade proposal; records dealer trainees' continued training,
people's qualifications, and payroll API tokens (shown once on creation).

Registered from :mod:`assessments.wagtail_hooks`."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from people.models import person_name

from .. import proposals, scoring
from ..failures import record_failure_outcome
from ..models import (
    PANEL_DEPARTMENT_CODES,
    PANEL_DEPARTMENT_LABELS,
    ContinuedTraining,
    FailureOutcome,
    PayrollAPIToken,
    PracticalExam,
    QualificationRecord,
)

RETAKE_URL = "assessments_practical_retake"
PROPOSE_URL = "assessments_practical_propose"


def rubric_signature(stream):
    """What examiners score against: tasks and items with their ids, in order."""
    signature = []
    for task in stream or []:
        value = task.value
        signature.append((value["kind"], value["title"], tuple(
            (item.id, item.value["description"], item.value["max_points"])
            for item in value["items"].bound_blocks
        )))
    return signature


class PracticalExamForm(WagtailAdminModelForm):
    """Once the first sheet is in, the rubric and the examiners who have
    submitted are fixed; a final exam cannot be edited at all."""

    def clean(self):
        cleaned = super().clean()
        self._check_five_departments(cleaned)
        exam = self.instance
        if exam.pk is None:
            return cleaned
        stored = PracticalExam.objects.get(pk=exam.pk)
        if stored.is_final:
            raise ValidationError(_("考核已完成，结果不能再修改；如需重考请使用“补考”。"))
        if not scoring.scoring_started(stored):
            return cleaned
        if "tasks" in cleaned and rubric_signature(cleaned["tasks"]) != rubric_signature(stored.tasks):
            self.add_error("tasks", _("已有考评人提交评分，考核任务与评分细则不能再修改。"))
        submitted = set(stored.score_sheets.values_list("examiner_id", flat=True))
        formset = self.formsets.get("examiners")
        if formset is not None:
            for form in formset.forms:
                original = form.instance.examiner_id if form.instance.pk else None
                if original not in submitted:
                    continue
                removed = formset.can_delete and form.cleaned_data.get("DELETE")
                changed = form.cleaned_data.get("examiner") and form.cleaned_data["examiner"].pk != original
                if removed or changed:
                    raise ValidationError(_("已提交评分的考评人不能移出考评小组或更换。"))
        return cleaned


    def _check_five_departments(self, cleaned):
        """A panel opened for scoring has an examiner from each of the five departments."""
        formset = self.formsets.get("examiners")
        if not cleaned.get("open_for_scoring") or formset is None or not formset.is_valid():
            return  # the formset runs after this form's clean: validate it now to read its rows
        codes = {form.cleaned_data["department"].code for form in formset.forms
                 if getattr(form, "cleaned_data", None) and form.cleaned_data.get("department")
                 and not form.cleaned_data.get("DELETE")}
        missing = [str(PANEL_DEPARTMENT_LABELS[c]) for c in PANEL_DEPARTMENT_CODES if c not in codes]
        if missing:
            self.add_error("open_for_scoring", _("考评小组须包括技术部、工艺工程部、品管部、售后部、生产部的考评人，缺少：%(missing)s。")
                           % {"missing": "、".join(missing)})


class PracticalExamCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class PracticalExamViewSet(SnippetViewSet):
    model = PracticalExam
    icon = "clipboard-list"
    menu_label = _("实操考核")
    add_view_class = PracticalExamCreateView
    edit_handler = ObjectList(PracticalExam.panels, base_form_class=PracticalExamForm)
    list_display = ["__str__", Column("trainer", label=_("主导培训人"), accessor=lambda exam: person_name(exam.trainer)),
                    "machine_model", "scheduled_on", Column("status", label=_("状态"), accessor="get_status_display"),
                    "score", "spread", BooleanColumn("spread_flagged", label=_("分差过大")), "finalised_at"]
    list_filter = ["open_for_scoring", "passed", "spread_flagged", "scheduled_on"]
    search_fields = ["machine_model", "trainee__username", "trainee__first_name", "trainee__last_name",
                     "trainer__username", "trainer__last_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = ["title", "trainee", "trainer", "machine_model", "scheduled_on", "location",
                           "retake_of", "pass_mark", "spread_threshold", "open_for_scoring", "panel_status", "score", "spread",
                           "spread_flagged", "passed", "finalised_at", "created_by", "created_at", "note"]


class ContinuedTrainingCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ContinuedTrainingViewSet(SnippetViewSet):
    model = ContinuedTraining
    icon = "date"
    menu_label = _("委培继续培训")
    add_view_class = ContinuedTrainingCreateView
    list_display = ["trainee", "sponsor", "failed_exam", "started_on", "ended_on", "daily_fee"]
    search_fields = ["sponsor", "trainee__username", "trainee__last_name"]
    copy_view_enabled = False


class FailureOutcomeCreateView(CreateView):
    def save_instance(self):
        return record_failure_outcome(self.form.instance, self.request.user)


class FailureOutcomeViewSet(SnippetViewSet):
    model = FailureOutcome
    icon = "warning"
    menu_label = _("考核不合格处理")
    add_view_class = FailureOutcomeCreateView
    list_display = ["trainee", "outcome", "decided_on", "decided_by", "failed_exam", "failed_attempt",
                    "continued_training"]
    list_filter = ["outcome"]
    copy_view_enabled = False


class QualificationRecordViewSet(SnippetViewSet):
    model = QualificationRecord
    icon = "user"
    menu_label = _("资格条件档案")
    list_display = ["person", "education", "product_series", "years_experience", "repair_certificate", "track",
                    "updated_at"]
    list_filter = ["education", "track"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]


class PayrollTokenCreateView(CreateView):
    """Generates the token and shows it once, in the success message."""

    def save_instance(self):
        instance = self.form.instance
        instance.created_by = self.request.user
        self.new_token = instance.set_new_token()
        return super().save_instance()

    def get_success_message(self, instance=None):
        return _("已创建薪资接口令牌，请立即复制保存，此令牌只显示这一次：%(token)s") % {"token": self.new_token}


class PayrollTokenEditView(EditView):
    def get_success_message(self):
        return _("薪资接口令牌“%(name)s”已更新。") % {"name": self.object}


class PayrollAPITokenViewSet(SnippetViewSet):
    model = PayrollAPIToken
    icon = "key"
    menu_label = _("薪资接口令牌")
    add_view_class = PayrollTokenCreateView
    edit_view_class = PayrollTokenEditView
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    copy_view_enabled = False


class PracticalExamsGroup(SnippetViewSetGroup):
    menu_label = _("实操考核")
    menu_icon = "clipboard-list"
    menu_order = 330
    items = (PracticalExamViewSet, FailureOutcomeViewSet, ContinuedTrainingViewSet, QualificationRecordViewSet,
             PayrollAPITokenViewSet)


# -- buttons and actions ---------------------------------------------------------


def _can_manage(user):
    return user.has_perm("assessments.change_practicalexam")


def exam_listing_buttons(snippet, user, next_url=None):
    """补考 on a failed final exam without a retake; 提出定级 on a final exam.
    Also 撤销 on an active payroll token."""
    if isinstance(snippet, PracticalExam) and snippet.is_final and _can_manage(user):
        if not snippet.passed and not snippet.retakes.exists():
            yield ListingButton(_("补考"), reverse(RETAKE_URL, args=[snippet.pk]), icon_name="rotate", priority=30)
        yield ListingButton(_("提出定级"), reverse(PROPOSE_URL, args=[snippet.pk]), icon_name="tasks", priority=31)
    if isinstance(snippet, PayrollAPIToken) and snippet.is_active and user.has_perm(
            "assessments.change_payrollapitoken"):
        yield ListingButton(_("撤销"), reverse("assessments_payroll_token_revoke", args=[snippet.pk]),
                            icon_name="cross", priority=30)


def _require_manage(request):
    if not _can_manage(request.user):
        raise PermissionDenied(_("仅人资部可以操作实操考核。"))


def _confirm(request, title, message, confirm_label, back_url):
    return TemplateResponse(request, "assessments/admin/confirm_action.html", {
        "page_title": title, "header_title": title, "header_icon": "clipboard-list", "message": message,
        "confirm_label": confirm_label, "back_url": back_url,
    })


EXAM_LIST = "wagtailsnippets_assessments_practicalexam:list"


@require_http_methods(["GET", "POST"])
def retake_view(request, pk):
    _require_manage(request)
    exam = get_object_or_404(PracticalExam, pk=pk)
    if request.method == "GET":
        return _confirm(request, _("补考"), _("为“%(exam)s”创建补考？将复制考核任务与考评小组，创建后可调整再开放评分。")
                        % {"exam": exam}, _("创建补考"), reverse(EXAM_LIST))
    try:
        retake = scoring.create_retake(exam, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(EXAM_LIST)
    messages.success(request, _("已创建补考，请确认考核任务与考评小组后开放评分。"))
    return redirect("wagtailsnippets_assessments_practicalexam:edit", retake.pk)


@require_http_methods(["GET", "POST"])
def propose_view(request, pk):
    _require_manage(request)
    exam = get_object_or_404(PracticalExam, pk=pk)
    if request.method == "GET":
        return _confirm(request, _("提出定级"), _("根据%(name)s的书面考试与实操考核成绩提出定级？提出后须由人资部确认才生效。")
                        % {"name": exam.trainee}, _("提出定级"), reverse(EXAM_LIST))
    outcome = proposals.propose_grade_if_ready(exam.trainee, recorded_by=request.user)
    level = messages.success if outcome.status == proposals.Outcome.PROPOSED else messages.warning
    level(request, outcome.message)
    return redirect(EXAM_LIST)


@require_http_methods(["GET", "POST"])
def revoke_token_view(request, pk):
    if not request.user.has_perm("assessments.change_payrollapitoken"):
        raise PermissionDenied(_("您没有撤销薪资接口令牌的权限。"))
    token = get_object_or_404(PayrollAPIToken, pk=pk)
    back = reverse("wagtailsnippets_assessments_payrollapitoken:list")
    if request.method == "GET":
        return _confirm(request, _("撤销令牌"), _("撤销令牌“%(name)s”？撤销后使用它的请求将被拒绝，且不能恢复。")
                        % {"name": token}, _("撤销"), back)
    token.revoke(now=timezone.now())
    messages.success(request, _("令牌“%(name)s”已撤销，之后使用它的请求将被拒绝。") % {"name": token})
    return redirect(back)


def admin_urls():
    return [
        path("practical-exams/<int:pk>/retake/", retake_view, name=RETAKE_URL),
        path("practical-exams/<int:pk>/propose/", propose_view, name=PROPOSE_URL),
        path("payroll-tokens/<int:pk>/revoke/", revoke_token_view, name="assessments_payroll_token_revoke"),
    ]
