from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from people.models import Department, JobRole, person_name

from .models import (
    CourseAssignment,
    CoursePage,
    DevelopmentStage,
    NeedsQuestion,
    NeedsSurvey,
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
    """A plan with what 客户培训日常管理制度 三(一) lists. Courses offered are
    the filed ones, trainers the pool's members (the model and
    :func:`lms.planning.submit` refuse others all the same)."""

    class Meta:
        model = TrainingPlan
        fields = ["kind", "title", "department", "needs_survey", "course", "goal", "content", "audience",
                  "starts_on", "ends_on", "place", "trainers", "method"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(),
                   "goal": forms.Textarea(attrs={"rows": 2}), "content": forms.Textarea(attrs={"rows": 4}),
                   "trainers": forms.SelectMultiple(attrs={"size": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.filter(development__stage=DevelopmentStage.FILED)
        self.fields["trainers"].queryset = get_user_model().objects.filter(
            is_active=True, trainer_record__status=TrainerStatus.ADMITTED).order_by("username")
        self.fields["trainers"].label_from_instance = lambda obj: f"{person_name(obj)}（{obj.get_username()}）"


class PlanReviewForm(forms.Form):
    """The training-management department's review of a plan."""

    reasonable = forms.BooleanField(label=_("培训计划合理"), required=False)
    feasible = forms.BooleanField(label=_("培训计划可行"), required=False)
    aligned = forms.BooleanField(label=_("与公司业务目标一致"), required=False)
    resources = forms.BooleanField(label=_("资源配置有效"), required=False)
    comments = forms.CharField(label=_("审核意见"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("退回时必填。"))


class NeedsSurveyForm(forms.ModelForm):
    """HR's 调研计划 (the questions are added on the survey's page or in the admin)."""

    class Meta:
        model = NeedsSurvey
        fields = ["title", "goal", "scope", "targets", "method", "opens_on", "closes_on", "departments", "customers"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "departments": forms.CheckboxSelectMultiple,
                   "customers": forms.CheckboxSelectMultiple,
                   "goal": forms.Textarea(attrs={"rows": 2}), "scope": forms.Textarea(attrs={"rows": 2})}


class NeedsQuestionForm(forms.ModelForm):
    class Meta:
        model = NeedsQuestion
        fields = ["label", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        self.instance.clean()
        return cleaned


class NeedsAnalysisForm(forms.ModelForm):
    class Meta:
        model = NeedsSurvey
        fields = ["common_needs", "specific_needs", "recommendations"]
        widgets = {name: forms.Textarea(attrs={"rows": 3})
                   for name in ("common_needs", "specific_needs", "recommendations")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class DevelopmentStepForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    completed_on = forms.DateField(label=_("完成日期"), widget=DateInput())
    files = MultipleFileField(label=_("文件（大纲、教案、教材、课件、评审记录等）"), required=False)


class TrialReviewForm(forms.Form):
    score = forms.DecimalField(label=_("评分"), required=False, min_value=0, max_value=100, decimal_places=2)
    comments = forms.CharField(label=_("评审意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class TrainerAdmissionForm(forms.Form):
    trial_score = forms.DecimalField(label=_("试讲评分"), min_value=0, max_value=100, decimal_places=2)
    case_score = forms.DecimalField(label=_("教学案例分析评分"), min_value=0, max_value=100, decimal_places=2)
    trainee_rating = forms.DecimalField(label=_("学员评价（1–5 分）"), required=False, min_value=1, max_value=5,
                                        decimal_places=2, help_text=_("留空取该培训师课堂问卷的评分均值。"))
    note = forms.CharField(label=_("评估意见"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TrainerAppraisalForm(forms.Form):
    teaching_score = forms.DecimalField(label=_("教学效果"), min_value=0, max_value=100, decimal_places=2)
    satisfaction_score = forms.DecimalField(label=_("学员满意度"), min_value=0, max_value=100, decimal_places=2)
    execution_score = forms.DecimalField(label=_("培训计划执行情况"), min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(label=_("考核意见"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TrainerReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


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
