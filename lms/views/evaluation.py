"""A training's evaluation report (page, PDF, sending) and the observer's
score sheet for a skill observation."""
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import evaluation
from ..forms import ImpactIndicatorFormSet
from ..models import ImpactIndicator, ObservationScore, SkillObservation, TrainingSession
from . import error_text


def _session(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("trainer", "course", "survey"), pk=pk)
    if not evaluation.may_view(session, request.user):
        raise PermissionDenied(_("只有人资部和本次培训的培训师可以查看培训评估报告。"))
    return session


def _report_page(request, session, indicators=None):
    may_edit = evaluation.may_edit_indicators(session, request.user)
    if may_edit and indicators is None:
        indicators = ImpactIndicatorFormSet(instance=session, prefix="indicators",
                                            queryset=ImpactIndicator.objects.filter(session=session))
    return TemplateResponse(request, "lms/evaluation.html", {
        "report": evaluation.report(session), "session": session,
        "may_send": request.user.has_perm(evaluation.SEND),
        "recipients": evaluation.evaluation_recipients(session) if request.user.has_perm(evaluation.SEND) else [],
        "indicators_form": indicators if may_edit else None,
    })


@login_required
def report(request, pk):
    return _report_page(request, _session(request, pk))


@login_required
def report_indicators(request, pk):
    """HR adds, edits and deletes the business-impact indicators (the 4th
    measure) on the evaluation page; one formset, saved all or nothing."""
    session = _session(request, pk)
    if not evaluation.may_edit_indicators(session, request.user):
        raise PermissionDenied(_("只有人资部可以填报业务影响指标。"))
    if request.method != "POST":
        return redirect(reverse("lms:evaluation", args=[session.pk]) + "#m-impact")
    indicators = ImpactIndicatorFormSet(request.POST, instance=session, prefix="indicators",
                                        queryset=ImpactIndicator.objects.filter(session=session))
    if not indicators.is_valid():
        messages.error(request, _("业务影响指标未保存：请按提示修改后再保存。"))
        return _report_page(request, session, indicators)
    added, changed, deleted = evaluation.save_indicators(session, indicators, request.user)
    messages.success(request, _("已保存业务影响指标：新增 %(added)s 项，修改 %(changed)s 项，删除 %(deleted)s 项。") % {
        "added": added, "changed": changed, "deleted": deleted})
    return redirect(reverse("lms:evaluation", args=[session.pk]) + "#m-impact")


@login_required
def report_pdf(request, pk):
    session = _session(request, pk)
    response = HttpResponse(evaluation.render_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evaluation-{session.pk}.pdf"'
    return response


@login_required
@require_POST
def report_send(request, pk):
    session = _session(request, pk)
    try:
        record = evaluation.send_report(session, request.user)
        messages.success(request, _("培训评估报告已发送给：%(names)s。") % {"names": record.recipient_names()})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lms:evaluation", session.pk)


def _parse_scores(post, observation, people):
    values = {}
    for criterion in observation.criteria.all():
        for person in people:
            raw = (post.get(f"score-{criterion.pk}-{person.pk}") or "").strip()
            if not raw:
                continue
            try:
                values[(criterion.pk, person.pk)] = Decimal(raw)
            except InvalidOperation:
                raise ValidationError(_("得分须为 0 到 100 之间的数字。")) from None
    return values


@login_required
def observation(request, pk):
    """The observer scores each attendee on each criterion (0–100)."""
    observation = get_object_or_404(SkillObservation.objects.select_related("session", "observer"), pk=pk)
    if not evaluation.may_score(observation, request.user):
        raise PermissionDenied(_("只有本观察的评分人可以评分。"))
    people = evaluation.attendees(observation.session)
    criteria = list(observation.criteria.all())
    if request.method == "POST":
        try:
            saved = evaluation.record_scores(observation, request.user, _parse_scores(request.POST, observation, people))
            messages.success(request, _("已保存 %(n)s 项评分。") % {"n": saved})
            return redirect("lms:observation", observation.pk)
        except ValidationError as error:
            messages.error(request, error_text(error))
    scores = {(s.criterion_id, s.trainee_id): s.score
              for s in ObservationScore.objects.filter(criterion__observation=observation)}
    rows = [{"person": p, "cells": [{"name": f"score-{c.pk}-{p.pk}", "value": scores.get((c.pk, p.pk)),
                                     "label": c.name} for c in criteria],
             "weighted": evaluation.weighted_score(criteria, {c.pk: scores[(c.pk, p.pk)] for c in criteria
                                                               if (c.pk, p.pk) in scores})} for p in people]
    return TemplateResponse(request, "lms/observation.html",
                            {"observation": observation, "criteria": criteria, "rows": rows})
