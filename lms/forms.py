from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from people.models import Department, JobRole, person_name

from . import planning
from .models import (
    CourseAssignment,
    CoursePage,
    DevelopmentStage,
    ImpactIndicator,
    NeedsQuestion,
    NeedsSurvey,
    PlanLine,
    TraineeSource,
    TrainerStatus,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSession,
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
    """The plan itself: kind, title, department, the survey it answers and
    the period it covers. Its courses are :class:`PlanLineFormSet`."""

    class Meta:
        model = TrainingPlan
        fields = ["kind", "title", "department", "needs_survey", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class MonthInput(forms.DateInput):
    """An HTML month picker (2027-03)."""

    input_type = "month"

    def __init__(self, attrs=None, format="%Y-%m"):
        super().__init__(attrs=attrs, format=format)


class PlanLineForm(forms.ModelForm):
    """One course line of a plan with what 客户培训日常管理制度 三(一) lists.
    Courses offered are the filed ones, trainers the pool's members
    (:func:`lms.planning.submit` refuses others all the same)."""

    month = forms.DateField(label=_("培训月份"), required=False, input_formats=["%Y-%m", "%Y-%m-%d"],
                            widget=MonthInput(), help_text=_("只定到月份时填写（不填开始日期）。"),
                            error_messages={"invalid": _("请按“年-月”填写培训月份，如 2027-03。")})

    class Meta:
        model = PlanLine
        fields = ["course", "goal", "content", "audience", "starts_on", "ends_on", "month", "place", "trainers",
                  "method"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(),
                   "goal": forms.Textarea(attrs={"rows": 2}), "content": forms.Textarea(attrs={"rows": 2}),
                   "trainers": forms.SelectMultiple(attrs={"size": 3})}
        error_messages = {"course": {"invalid_choice": _("只能选择已归档的课程。")},
                          "trainers": {"invalid_choice": _("培训师资须为师资库成员：所选人员不在师资库中。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].required = True
        self.fields["course"].error_messages["required"] = _("请选择培训课程。")
        self.fields["course"].queryset = CoursePage.objects.filter(
            development__stage=DevelopmentStage.FILED).order_by("title")
        self.fields["trainers"].queryset = get_user_model().objects.filter(
            is_active=True, trainer_record__status=TrainerStatus.ADMITTED).order_by("username")
        self.fields["trainers"].label_from_instance = lambda obj: f"{person_name(obj)}（{obj.get_username()}）"


class BasePlanLineFormSet(forms.BaseInlineFormSet):
    """A plan's lines, checked together: each within the plan's period, and
    the first training far enough ahead for the lead time (a draft may have
    none yet; :func:`lms.planning.submit` wants one). The view sets :attr:`plan_fields` (the plan form's cleaned data)
    before validating."""

    plan_fields = None
    today = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        lines = [form for form in self.forms
                 if form.has_changed() or form.instance.pk
                 if not (self.can_delete and self._should_delete_form(form))]
        if not lines:
            return  # a draft may wait for its lines; submitting needs one (lms.planning.plan_problems)
        fields = self.plan_fields or {}
        for form in lines:
            message = planning.line_period_error(form.instance, fields.get("starts_on"), fields.get("ends_on"))
            if message:
                form.add_error("month" if form.instance.month and not form.instance.starts_on else "starts_on",
                               message)
        if any(self.errors):
            return
        first = min(lines, key=lambda form: form.instance.first_day)
        message = planning.lead_time_problem(fields.get("kind"), [first.instance], fields.get("starts_on"),
                                             self.today)
        if message:
            first.add_error("month" if first.instance.month and not first.instance.starts_on else "starts_on",
                            message)


PlanLineFormSet = forms.inlineformset_factory(
    TrainingPlan, PlanLine, form=PlanLineForm, formset=BasePlanLineFormSet, extra=1, can_delete=True,
)


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


class FigureField(forms.DecimalField):
    """A before/after figure as HR types it: full-width digits, thousands
    separators and spaces are accepted (７２、1,200、1 200); anything else
    gets a clear message naming the field."""

    FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")

    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=2, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(self.FULL_WIDTH).replace(",", "").replace("，", "").replace(" ", "").strip()
        return super().to_python(value)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            codes = {e.code for e in error.error_list}
            if "max_decimal_places" in codes:
                raise forms.ValidationError(_("%(label)s最多保留两位小数。") % {"label": self.label},
                                            code="max_decimal_places") from None
            raise forms.ValidationError(_("%(label)s数值过大（整数部分最多 10 位）。") % {"label": self.label},
                                        code="max_digits") from None


class ImpactIndicatorForm(forms.ModelForm):
    """One business-impact indicator the customer (or a department) reports:
    the figure before and after the training."""

    before = FigureField(label=_("培训前"))
    after = FigureField(label=_("培训后"))

    class Meta:
        model = ImpactIndicator
        fields = ["name", "unit", "before", "after", "department", "reported_by", "reported_on", "note"]
        widgets = {"reported_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": _("请填写指标名称。")},
                          "reported_by": {"required": _("请填写数据来源或报告人。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("before", "after"):
            label = self.fields[name].label
            self.fields[name].error_messages.update({
                "required": _("请填写%(label)s的数值。") % {"label": label},
                "invalid": _("%(label)s须为数字，如 72 或 86.5（不要填写单位）。") % {"label": label},
            })
            self.fields[name].widget.attrs.update({"inputmode": "decimal"})
        self.fields["reported_on"].required = False
        self.fields["department"].required = False

    def clean_reported_on(self):
        return self.cleaned_data.get("reported_on") or timezone.localdate()


class BaseImpactIndicatorFormSet(forms.BaseInlineFormSet):
    """The departments are read once for every row (and the empty row the
    page clones), not once per row."""

    @cached_property
    def department_choices(self):
        return [("", "---------"), *((d.pk, str(d)) for d in Department.objects.all())]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["department"].choices = self.department_choices
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["department"].choices = self.department_choices
        return form


ImpactIndicatorFormSet = forms.inlineformset_factory(
    TrainingSession, ImpactIndicator, form=ImpactIndicatorForm, formset=BaseImpactIndicatorFormSet, extra=1,
    can_delete=True,
)
