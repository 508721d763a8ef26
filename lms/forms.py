from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.models import Department, JobRole, person_name

from .models import CourseAssignment, CoursePage, TrainingNeedsRequest, TrainingPlan


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{person_name(obj)}（{obj.get_username()}）"


class AssignmentForm(forms.ModelForm):
    """HR assigns a course to people, departments or roles with a due date."""

    course = forms.ModelChoiceField(CoursePage.objects.live(), label=_("课程"))
    users = PersonChoiceField(get_user_model().objects.filter(is_active=True).order_by("username"),
                              label=_("指定人员"), required=False,
                              widget=forms.SelectMultiple(attrs={"size": 8}))
    departments = forms.ModelMultipleChoiceField(Department.objects.all(), label=_("指定部门"), required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    roles = forms.ModelMultipleChoiceField(JobRole.objects.all(), label=_("指定岗位"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = CourseAssignment
        fields = ["course", "users", "departments", "roles", "due_date", "note"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("users") or cleaned.get("departments") or cleaned.get("roles")):
            raise forms.ValidationError(_("请至少指定人员、部门或岗位之一。"))
        return cleaned


class TrainingPlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["kind", "title", "department", "starts_on", "ends_on", "content"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"})}


class NeedsRequestForm(forms.ModelForm):
    class Meta:
        model = TrainingNeedsRequest
        fields = ["department", "month", "needs", "participants"]
        widgets = {"month": forms.DateInput(attrs={"type": "date"})}


class EntryForm(forms.Form):
    actual_date = forms.DateField(label=_("实际培训日期"), widget=forms.DateInput(attrs={"type": "date"}))
    actual_content = forms.CharField(label=_("实际培训内容"), widget=forms.Textarea(attrs={"rows": 2}))
    assessment = forms.CharField(label=_("培训人评估"), widget=forms.Textarea(attrs={"rows": 2}))
