from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from people.models import Department, JobRole, person_name

from .models import (
    CourseAssignment,
    CoursePage,
    TraineeSource,
    TrainerStatus,
    TrainingNeedsRequest,
    TrainingPlan,
)


class DateInput(forms.DateInput):
    """An HTML date picker: its value must be ISO (2026-03-02), whatever
    the locale's display format (zh-hans would give 2026/03/02, which the
    browser ignores, leaving the field empty)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


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
        widgets = {"due_date": DateInput()}

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("users") or cleaned.get("departments") or cleaned.get("roles")):
            raise forms.ValidationError(_("请至少指定人员、部门或岗位之一。"))
        return cleaned


class TrainingPlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["kind", "title", "department", "starts_on", "ends_on", "content"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class NeedsRequestForm(forms.ModelForm):
    """培训需求申请表: one per department and month (any day of it)."""

    class Meta:
        model = TrainingNeedsRequest
        fields = ["department", "month", "needs", "participants"]
        widgets = {"month": DateInput()}

    def clean_month(self):
        month = self.cleaned_data["month"]
        return month.replace(day=1) if month else month

    def clean(self):
        cleaned = super().clean()
        department, month = cleaned.get("department"), cleaned.get("month")
        if department and month and TrainingNeedsRequest.objects.filter(department=department, month=month).exists():
            raise forms.ValidationError(_("该部门%(month)s的培训需求申请表已提交。") % {"month": f"{month:%Y年%m月}"})
        return cleaned

    def validate_unique(self):
        """Checked in :meth:`clean`, with a message people understand."""


class EntryForm(forms.Form):
    actual_date = forms.DateField(label=_("实际培训日期"), widget=DateInput())
    actual_content = forms.CharField(label=_("实际培训内容"), widget=forms.Textarea(attrs={"rows": 2}))
    assessment = forms.CharField(label=_("培训人评估"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanTableForm(forms.Form):
    """HR draws up an after-sales trainee's plan table 培训计划表."""

    trainee = forms.ModelChoiceField(get_user_model().objects.none(), label=_("受训人"))
    source = forms.ChoiceField(label=_("人员来源"), choices=TraineeSource.choices)
    lead_department = forms.ModelChoiceField(Department.objects.all(), label=_("主导培训部门"), required=False,
                                             help_text=_("留空则取第一行的培训部门；批准后通知其负责人。"))
    sponsor = forms.CharField(label=_("派遣单位（办事处/经销商）"), max_length=200, required=False)
    sponsor_email = forms.EmailField(label=_("派遣单位邮箱"), required=False,
                                     help_text=_("办事处/经销商派遣人员必填：书面反馈发送至此邮箱。"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == TraineeSource.DEALER and not cleaned.get("sponsor"):
            self.add_error("sponsor", _("办事处/经销商派遣人员须填写派遣单位。"))
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, plan_table__isnull=True).order_by("username")
        self.fields["trainee"].queryset = people
        self.fields["trainee"].label_from_instance = lambda obj: f"{person_name(obj)}（{obj.get_username()}）"


class PlanItemForm(forms.Form):
    """One planned line: 受训内容, 培训部门/人, 计划培训时间 (序号 follows)."""

    content = forms.CharField(label=_("受训内容"), max_length=255)
    department = forms.ModelChoiceField(Department.objects.all(), label=_("培训部门"))
    trainer = forms.ModelChoiceField(get_user_model().objects.none(), label=_("培训人"))
    planned_start = forms.DateField(label=_("计划开始"), widget=DateInput())
    planned_end = forms.DateField(label=_("计划结束"), widget=DateInput())
    goal = forms.CharField(label=_("阶段目标"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only trainer-pool members (admitted, not suspended or removed) lead a stage.
        self.fields["trainer"].queryset = get_user_model().objects.filter(
            is_active=True, trainer_record__status=TrainerStatus.ADMITTED).order_by("username")
        self.fields["trainer"].label_from_instance = lambda obj: f"{person_name(obj)}（{obj.get_username()}）"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            raise forms.ValidationError(_("计划结束日期不能早于开始日期。"))
        return cleaned
