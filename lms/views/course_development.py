"""Course development (立项 → … → 归档) and the trainer pool's decisions:
the pages HR, the course team, the trial lecture's reviewers, the
training-management department and the pool's trainers use."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import course_development, trainer_pool
from ..forms import (
    DevelopmentStepForm,
    TrainerAdmissionForm,
    TrainerAppraisalForm,
    TrainerReasonForm,
    TrialReviewForm,
)
from ..models import CourseDevelopment, DevelopmentStage, Trainer, TrainingSettings
from ..trainers import trainee_results, trainer_rating
from . import error_text


@login_required
def development_list(request):
    user = request.user
    developments = CourseDevelopment.objects.select_related("course", "owner").order_by("course__title")
    if not (user.has_perm(course_development.SEE) or user.has_perm(course_development.FILE)):
        developments = developments.filter(Q(team=user) | Q(owner=user)).distinct()
    months = TrainingSettings.current().course_reevaluation_months
    rows = [(d, d.reevaluation_due(months)) for d in developments]
    return TemplateResponse(request, "lms/course_development_list.html", {
        "rows": rows, "today": timezone.localdate(), "months": months})


@login_required
def development_detail(request, pk):
    development = get_object_or_404(CourseDevelopment.objects.select_related("course", "owner"), pk=pk)
    user = request.user
    may_comment = course_development.may_comment(development, user)
    if not (course_development.may_see(development, user) or may_comment):
        raise PermissionDenied(_("您无权查看该课程的开发记录。"))
    step_form = DevelopmentStepForm(initial={"completed_on": timezone.localdate()})
    review_form = TrialReviewForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "step":
                step_form = DevelopmentStepForm(request.POST, request.FILES)
                if step_form.is_valid():
                    data = step_form.cleaned_data
                    course_development.record_step(development, user, development.next_stage, data["note"],
                                                   files=data["files"], on=data["completed_on"])
                    messages.success(request, _("已记录课程开发步骤。"))
                    return redirect("lms:course_development", development.pk)
            elif action == "review":
                review_form = TrialReviewForm(request.POST)
                if review_form.is_valid():
                    course_development.add_review(development, user, review_form.cleaned_data["comments"],
                                                  review_form.cleaned_data["score"])
                    messages.success(request, _("已提交评审意见。"))
                    return redirect("lms:course_development", development.pk)
            elif action == "reevaluate":
                course_development.record_reevaluation(development, user, request.POST.get("note", ""))
                messages.success(request, _("已记录课程评估。"))
                return redirect("lms:course_development", development.pk)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("lms:course_development", development.pk)
    months = TrainingSettings.current().course_reevaluation_months
    steps = development.steps.select_related("by").prefetch_related("documents")
    done = {s.stage for s in steps}
    return TemplateResponse(request, "lms/course_development.html", {
        "development": development, "course": development.course, "team": development.team.all(),
        "steps": steps, "reviews": development.reviews.select_related("reviewer"),
        "stages": [(value, label, value in done) for value, label in DevelopmentStage.choices],
        "may_record": course_development.may_record(development, user), "step_form": step_form,
        "may_comment": may_comment, "review_form": review_form,
        "may_reevaluate": development.filed and (user.has_perm(course_development.MANAGE)
                                                 or course_development.in_team(development, user)),
        "reevaluation_due": development.reevaluation_due(months),
    })


# ---- the trainer pool -------------------------------------------------------------


def _check_may_see_pool(user):
    if not user.has_perm("lms.view_trainer"):
        raise PermissionDenied(_("师资库仅人资部可见。"))


@login_required
def trainer_list(request):
    _check_may_see_pool(request.user)
    trainers = Trainer.objects.select_related("user").order_by("status", "user__username")
    return TemplateResponse(request, "lms/trainer_list.html", {"trainers": trainers})


@login_required
def trainer_detail(request, pk):
    trainer = get_object_or_404(Trainer.objects.select_related("user"), pk=pk)
    _check_may_see_pool(request.user)
    forms = {"admit": TrainerAdmissionForm(prefix="admit"), "appraise": TrainerAppraisalForm(prefix="appraise"),
             "commend": TrainerReasonForm(prefix="commend"), "coach": TrainerReasonForm(prefix="coach"),
             "remove": TrainerReasonForm(prefix="remove")}
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in forms:
            return redirect("lms:trainer", trainer.pk)
        form = forms[action] = type(forms[action])(request.POST, prefix=action)
        if form.is_valid():
            data, by = form.cleaned_data, request.user
            try:
                if action == "admit":
                    admitted = trainer_pool.admit(trainer, by, trial_score=data["trial_score"],
                                                  case_score=data["case_score"],
                                                  trainee_rating=data["trainee_rating"], note=data["note"])
                    if admitted:
                        messages.success(request, _("已入库。"))
                    else:
                        messages.warning(request, _("评估未达入库合格分，已记录评估结果。"))
                elif action == "appraise":
                    trainer_pool.appraise(trainer, by, teaching_score=data["teaching_score"],
                                          satisfaction_score=data["satisfaction_score"],
                                          execution_score=data["execution_score"], note=data["note"])
                    messages.success(request, _("已记录定期考核。"))
                else:
                    getattr(trainer_pool, action)(trainer, by, data["reason"])
                    messages.success(request, _("已记录。"))
                return redirect("lms:trainer", trainer.pk)
            except ValidationError as error:
                messages.error(request, error_text(error))
    return TemplateResponse(request, "lms/trainer.html", {
        "trainer": trainer, "records": trainer.appraisals.select_related("recorded_by").order_by("on", "pk"),
        "forms": forms, "may_decide": request.user.has_perm(trainer_pool.DECIDE),
        "rating": trainer_rating(trainer.user), "results": trainee_results(trainer.user),
        "pass_score": TrainingSettings.current().trainer_admission_pass_score,
    })
