"""Admin for grades and pay 定级与薪资: HR edits and publishes grading
schemes (drafts, revisions, history), reviews recorded grade decisions and
confirms them (a bulk action in the decisions listing).

Registered from :mod:`assessments.wagtail_hooks`."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from policies.admin.permissions import ClearedPolicyChoicesMixin

from .. import decisions
from ..models import DecisionStatus, GradeDecision, GradingScheme

CONFIRM_PERMISSION = "assessments.confirm_gradedecision"


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

    def get_form_class(self, for_update=False):
        """The scheme's form, with 依据的制度版本 offering only the versions
        of policies the editor is cleared for."""
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (ClearedPolicyChoicesMixin, form_class), {})


class RecordedDecisionPermissionPolicy(ModelPermissionPolicy):
    """Decisions are made by :func:`assessments.decisions.record_decision` and
    changed only by :func:`assessments.decisions.confirm`: nobody adds, edits
    or deletes them in the admin."""

    read_only_actions = {"view"}

    def user_has_permission(self, user, action):
        if action not in self.read_only_actions:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.read_only_actions])


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
        "field_ability_note", "field_ability_by", "field_ability_at",
        "status", "created_by", "created_at", "confirmed_by", "confirmed_at", "note",
    ]


class GradesAndPayGroup(SnippetViewSetGroup):
    menu_label = _("定级与薪资")
    menu_icon = "table"
    menu_order = 320
    items = (GradingSchemeViewSet, GradeDecisionViewSet)


class ConfirmGradeDecisionsBulkAction(SnippetBulkAction):
    """HR selects proposed decisions in the listing and confirms them; each
    goes through :func:`assessments.decisions.confirm` (who and when recorded, logged)."""

    display_name = _("确认定级")
    action_type = "confirm"
    aria_label = _("确认所选定级记录")
    template_name = "assessments/bulk_actions/confirm_grade_decisions.html"
    action_priority = 10
    models = [GradeDecision]

    def check_perm(self, decision):
        return self.request.user.has_perm(CONFIRM_PERMISSION) and decision.status == DecisionStatus.PROPOSED

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for decision in objects:
            decisions.confirm(decision, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("已确认 %(count)d 条定级记录。", "已确认 %(count)d 条定级记录。",
                        num_parent_objects) % {"count": num_parent_objects}


# -- 售后部现场能力意见: the after-sales manager's note on a proposal ----------------

FIELD_ABILITY_URL = "assessments_grade_field_ability"


class FieldAbilityForm(forms.Form):
    note = forms.CharField(label=_("出差安装/维修机器的实际能力"), widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("售后部根据考核结果与出差安装/维修机器的实际能力提出定级意见，供人资部确认时参考。"))


def decision_listing_buttons(snippet, user, next_url=None):
    """现场能力意见 on a proposed decision, for the after-sales manager."""
    if (isinstance(snippet, GradeDecision) and snippet.status == DecisionStatus.PROPOSED
            and user.has_perm(decisions.NOTE_FIELD_ABILITY)):
        yield ListingButton(_("现场能力意见"), reverse(FIELD_ABILITY_URL, args=[snippet.pk]), icon_name="edit",
                            priority=30)


@require_http_methods(["GET", "POST"])
def field_ability_view(request, pk):
    if not request.user.has_perm(decisions.NOTE_FIELD_ABILITY):
        raise PermissionDenied(_("只有售后部经理可以填写现场能力意见。"))
    decision = get_object_or_404(GradeDecision.objects.select_related("person"), pk=pk)
    form = FieldAbilityForm(request.POST or None, initial={"note": decision.field_ability_note})
    if request.method == "POST" and form.is_valid():
        try:
            decisions.record_field_ability(decision, request.user, form.cleaned_data["note"])
        except ValueError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, _("已记录%(name)s的现场能力意见，待人资部确认定级。") % {"name": decision.person})
            return redirect("wagtailsnippets_assessments_gradedecision:list")
    return TemplateResponse(request, "assessments/admin/field_ability.html", {
        "decision": decision, "form": form})


def admin_urls():
    return [path("grade-decisions/<int:pk>/field-ability/", field_ability_view, name=FIELD_ABILITY_URL)]
