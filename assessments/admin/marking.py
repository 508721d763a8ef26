"""The marking queue 阅卷 of the written exams: short answers waiting for a
person, for users with ``assessments.mark_examanswer``.

Registered from :mod:`assessments.wagtail_hooks`."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from .. import attempts as engine
from ..models import ExamAnswer

MARK_PERMISSION = "assessments.mark_examanswer"


def can_mark(user):
    return user.is_active and user.has_perm(MARK_PERMISSION)


def _check_marker(request):
    if not can_mark(request.user):
        raise PermissionDenied(_("只有阅卷人可以批阅简答题。"))


def marking_queue(request):
    _check_marker(request)
    return TemplateResponse(request, "assessments/admin/marking_queue.html", {"answers": engine.marking_queue()})


class MarkForm(forms.Form):
    points = forms.DecimalField(label=gettext_lazy("得分"), min_value=0, max_digits=5, decimal_places=2)
    comment = forms.CharField(label=gettext_lazy("阅卷意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def mark(request, answer_id):
    _check_marker(request)
    answer = get_object_or_404(ExamAnswer.objects.select_related("attempt__exam", "attempt__user"), pk=answer_id,
                               needs_marking=True)
    question = answer.attempt.question_map()[answer.key]
    form = MarkForm(request.POST or None, initial={"points": answer.points, "comment": answer.marker_comment})
    if request.method == "POST" and form.is_valid():
        try:
            engine.mark_answer(answer, form.cleaned_data["points"], request.user,
                               comment=form.cleaned_data["comment"])
        except engine.MarkingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已记录得分。"))
            following = engine.marking_queue().exclude(pk=answer.pk).first()
            return redirect("assessments_mark", following.pk) if following else redirect("assessments_marking")
    return TemplateResponse(request, "assessments/admin/mark_answer.html", {
        "answer": answer, "question": question, "form": form, "attempt": answer.attempt,
    })


class MarkerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_mark(request.user)


def admin_urls():
    return [
        path("assessments/marking/", marking_queue, name="assessments_marking"),
        path("assessments/marking/<int:answer_id>/", mark, name="assessments_mark"),
    ]


def menu_item():
    return MarkerMenuItem(gettext_lazy("阅卷"), reverse("assessments_marking"), icon_name="edit", order=311)
