"""Admin for the practical placement part 实际操作摸底 (必要时实际操作): the
after-sales manager or HR records it on a placement result; the level is
worked out again (:func:`assessments.placement_results.record_practical_part`).
Registered from :mod:`assessments.wagtail_hooks`."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets import ListingButton

from ..models import PlacementResult
from ..placement_results import record_practical_part

PRACTICAL_PART_URL = "assessments_placement_practical"


def may_record(user):
    return user.has_perm("lms.add_traineeplantable") or user.has_perm("lms.change_traineeplantable")


class PracticalPartForm(forms.Form):
    score = forms.DecimalField(label=_("实际操作摸底成绩"), min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(label=_("实际操作内容与说明"), max_length=255, required=False)


def placement_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, PlacementResult) and may_record(user):
        yield ListingButton(_("实际操作摸底"), reverse(PRACTICAL_PART_URL, args=[snippet.pk]), icon_name="cog",
                            priority=30)


@require_http_methods(["GET", "POST"])
def practical_part_view(request, pk):
    if not may_record(request.user):
        raise PermissionDenied(_("只有售后部经理或人资部可以记录实际操作摸底成绩。"))
    result = get_object_or_404(PlacementResult.objects.select_related("trainee"), pk=pk)
    form = PracticalPartForm(request.POST or None, initial={"score": result.practical_score,
                                                            "note": result.practical_note})
    if request.method == "POST" and form.is_valid():
        try:
            result = record_practical_part(result, form.cleaned_data["score"], request.user,
                                           note=form.cleaned_data["note"])
        except ValueError as error:
            form.add_error("score", str(error))
        else:
            messages.success(request, result.reason)
            return redirect("wagtailsnippets_assessments_placementresult:list")
    return TemplateResponse(request, "assessments/admin/placement_practical.html", {"result": result, "form": form})


def admin_urls():
    return [path("placement-results/<int:pk>/practical/", practical_part_view, name=PRACTICAL_PART_URL)]
