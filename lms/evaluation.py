"""A training's evaluation report (002 七): the four measures of a session,
the charts' geometry, who receives the report (:func:`evaluation_recipients`,
the one place to change that) and sending it (:func:`send_report`).

The knowledge measure comes from the exam app, which stands above this one:
every function registered with the Wagtail hook ``lms_training_exam_results``
is called with the session and its trainees and returns
:class:`ExamResult` rows (``assessments.wagtail_hooks`` registers the course
exam's final attempts)::

    @hooks.register("lms_training_exam_results")
    def course_exam(session, trainees):
        return [ExamResult(user_id=…, exam="…", score=Decimal("86"), passed=True), …]
"""
from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from people.mailing import queue_mail
from people.models import CustomerOrganisation, person_name
from people.notifications import absolute_url, notify

from . import pdf
from .models import (
    Attendance,
    AttendanceStatus,
    EvaluationReportSend,
    ImpactIndicator,
    ObservationCriterion,
    ObservationScore,
    SkillObservation,
)
from .surveys import summarise

EXAM_RESULTS_HOOK = "lms_training_exam_results"
SEND = "lms.send_evaluationreport"


@dataclasses.dataclass
class ExamResult:
    user_id: int
    exam: str
    score: Decimal
    passed: bool


def may_view(session, user):
    """HR (who sees every session) and the session's trainer read the report."""
    return user.has_perm("lms.view_trainingsession") or user.pk == session.trainer_id


def trainees(session):
    """The training's trainees: those invited and those on the register."""
    return list(get_user_model().objects.filter(
        Q(training_sessions=session) | Q(attendances__session=session)).distinct()
        .select_related("profile__department__head").order_by("username"))


def attendees(session):
    """Who attended (signed in, not absent): the people an observer scores."""
    return list(get_user_model().objects.filter(
        attendances__session=session, attendances__signed_in_at__isnull=False).exclude(
        attendances__status=AttendanceStatus.ABSENT).distinct().order_by("username"))


def weighted_score(criteria, scores):
    """The mean of ``scores`` ({criterion pk: score}) weighted by the
    criteria's weights, half-up to 0.01; None until every criterion is scored."""
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    total = sum(c.weight for c in criteria)
    value = sum(c.weight * scores[c.pk] for c in criteria) / total
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _mean(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return (sum(Decimal(v) for v in values) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---- charts: horizontal bars, drawn by templates/lms/includes/bar_chart.html --------

BAR_HEIGHT = 22
LABEL_WIDTH = 150
PLOT_WIDTH = 300


def bar_chart(title, rows, maximum=100, series=("",)):
    """Geometry of a bar chart: ``rows`` are (label, value, …) with one value
    per series (None draws no bar). Returns a dict for the template."""
    values = [v for row in rows for v in row[1:] if v is not None]
    top = max([Decimal(maximum or 0), *[Decimal(v) for v in values]]) or Decimal(1)
    bars, y = [], 0
    for row in rows:
        for index, value in enumerate(row[1:]):
            width = 0 if value is None else int(Decimal(value) / top * PLOT_WIDTH)
            bars.append({"label": row[0] if index == 0 else "", "series": series[index], "value": value,
                         "y": y, "width": max(width, 0), "tone": index})
            y += BAR_HEIGHT
        y += 6
    return {"title": title, "bars": bars, "rows": [(row[0], list(row[1:])) for row in rows], "height": max(y, BAR_HEIGHT), "label_width": LABEL_WIDTH,
            "plot_width": PLOT_WIDTH, "width": LABEL_WIDTH + PLOT_WIDTH + 70, "series": series,
            "text_x": LABEL_WIDTH - 6}


# ---- the report ------------------------------------------------------------------------


@dataclasses.dataclass
class Report:
    session: object
    trainees: list
    knowledge: list
    knowledge_mean: Decimal
    pass_rate: float
    observations: list
    survey_count: int
    survey_questions: list
    indicators: list
    sends: list
    charts: dict


def report(session):
    """Everything the report page and its PDF show, in a fixed number of queries."""
    people = trainees(session)
    names = {p.pk: person_name(p) for p in people}
    results = [r for fn in hooks.get_hooks(EXAM_RESULTS_HOOK) for r in fn(session, people)]
    knowledge = [{"name": names.get(r.user_id, "—"), **dataclasses.asdict(r)} for r in results]
    passed = [r for r in results if r.passed]

    observations = []
    scores = ObservationScore.objects.select_related("trainee").order_by("trainee__username")
    for observation in (SkillObservation.objects.filter(session=session).select_related("observer")
                        .prefetch_related("criteria", Prefetch("criteria__scores", queryset=scores))):
        criteria = list(observation.criteria.all())
        by_trainee = {}
        for criterion in criteria:
            for score in criterion.scores.all():
                by_trainee.setdefault(score.trainee, {})[criterion.pk] = score.score
        rows = [{"name": person_name(trainee), "scores": [values.get(c.pk) for c in criteria],
                 "weighted": weighted_score(criteria, values)} for trainee, values in by_trainee.items()]
        means = [_mean([row["scores"][i] for row in rows]) for i in range(len(criteria))]
        chart = bar_chart(_("技能应用：%(title)s 加权得分") % {"title": observation.title},
                          [(r["name"], r["weighted"]) for r in rows])
        observations.append({"observation": observation, "criteria": criteria, "rows": rows, "means": means,
                             "chart": chart})

    survey_count, questions = 0, []
    if session.survey_id:
        survey_count, questions = summarise(session.survey, sessions=[session])
    indicators = list(ImpactIndicator.objects.filter(session=session).select_related("trainee", "department"))

    charts = {
        "knowledge": bar_chart(_("知识：考试成绩（百分制）"), [(r["name"], r["score"]) for r in knowledge]),
        "satisfaction": bar_chart(_("满意度：各题平均分（5 分制）"),
                                  [(q.label, q.mean) for q in questions if q.mean is not None], maximum=5),
        "impact": bar_chart(_("业务影响：培训前后对比"),
                            [(f"{i.name}（{i.subject}）", i.before, i.after) for i in indicators],
                            maximum=0, series=(_("培训前"), _("培训后"))),
    }
    return Report(
        session=session, trainees=people, knowledge=knowledge,
        knowledge_mean=_mean([r.score for r in results]),
        pass_rate=round(100 * len(passed) / len(results), 1) if results else None,
        observations=observations, survey_count=survey_count, survey_questions=questions,
        indicators=indicators, sends=list(session.evaluation_sends.select_related("sent_by")), charts=charts,
    )


# ---- business-impact indicators -------------------------------------------------------

#: Who fills in the business-impact indicators on the evaluation page (HR,
#: as in the admin): the model's own permissions.
EDIT_INDICATORS = "lms.change_impactindicator"


def may_edit_indicators(session, user):
    """HR (and whoever holds the indicators' permissions) edits a training's
    indicators; its trainer reads the report but does not."""
    return may_view(session, user) and all(
        user.has_perm(p) for p in (EDIT_INDICATORS, "lms.add_impactindicator", "lms.delete_impactindicator"))


@transaction.atomic
def save_indicators(session, indicators, by):
    """Save a valid :class:`lms.forms.ImpactIndicatorFormSet` of ``session``:
    new, changed and deleted indicators together (all or nothing), each
    change in the audit log. Returns how many were added, changed, deleted."""
    if not may_edit_indicators(session, by):
        raise PermissionDenied(_("只有人资部可以填报业务影响指标。"))
    indicators.instance = session
    saved = indicators.save(commit=False)
    for indicator in indicators.deleted_objects:
        log(indicator, "lms.impact.delete", user=by, data={"name": indicator.name})
        indicator.delete()
    for indicator in saved:
        indicator.session = session
        indicator.save()
    indicators.save_m2m()
    for indicator in indicators.new_objects:
        log(indicator, "lms.impact.add", user=by, data={"before": str(indicator.before), "after": str(indicator.after)})
    for indicator, _fields in indicators.changed_objects:
        log(indicator, "lms.impact.edit", user=by, data={"before": str(indicator.before), "after": str(indicator.after)})
    return len(indicators.new_objects), len(indicators.changed_objects), len(indicators.deleted_objects)


# ---- who receives it, and sending it --------------------------------------------------


def evaluation_recipients(training):
    """The people the evaluation report of ``training`` (a session) goes to,
    each once: its trainer, then the heads of the departments concerned (the
    trainees' departments and those an impact indicator was reported for).
    The customers' contacts, who have no account, are
    :func:`customer_contacts`."""
    found = []
    if training.trainer_id:
        found.append(training.trainer)
    for person in trainees(training):
        profile = getattr(person, "profile", None)
        if profile and profile.department_id and profile.department.head_id:
            found.append(profile.department.head)
    for indicator in ImpactIndicator.objects.filter(session=training, department__head__isnull=False).select_related(
            "department__head"):
        found.append(indicator.department.head)
    seen, recipients = set(), []
    for user in found:
        if user.pk not in seen and user.is_active:
            seen.add(user.pk)
            recipients.append(user)
    return recipients


def customer_contacts(training):
    """The customer organisations whose trainees were in ``training``: their
    contact person receives the report by email (002 七(三))."""
    return list(CustomerOrganisation.objects.filter(
        trainees__user__in=[person.pk for person in trainees(training)]).distinct().order_by("name"))


def render_pdf(session):
    return pdf.evaluation_pdf(report(session))


def send_report(session, by, now=None):
    """Email the report's PDF to :func:`evaluation_recipients` and the
    customers' contacts (queued in the outbox with the sending's record, so
    an SMTP outage delays the mail and loses nothing), tell the employees in
    the portal, and log who sent it to whom. Returns the log row."""
    if not by.has_perm(SEND):
        raise PermissionDenied(_("您没有发送培训评估报告的权限。"))
    recipients = evaluation_recipients(session)
    customers = customer_contacts(session)
    if not recipients and not customers:
        raise ValidationError(_("本次培训没有收件人：请先指定培训师或学员所在部门的负责人。"))
    now = now or timezone.now()
    document = render_pdf(session)
    url = reverse("lms:evaluation", args=[session.pk])
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        record = EvaluationReportSend.objects.create(
            session=session, sent_by=by, sent_at=now,
            recipients=[{"id": u.pk, "name": person_name(u), "email": u.email} for u in recipients]
            + [{"id": None, "name": f"{c.name} {c.contact_name}", "email": c.contact_email} for c in customers])
        title = _("培训评估报告：%(title)s") % {"title": session.title}
        body = _("%(sender)s发送了培训评估报告，详见附件（PDF）或门户：%(link)s") % {
            "sender": person_name(by), "link": absolute_url(url)}
        subject = f"[{settings.PORTAL_NAME}] {title}"
        attachment = (f"evaluation-{session.pk}.pdf", document, "application/pdf")
        for customer in customers:
            queue_mail(subject, _("%(name)s：贵单位学员参加的培训评估报告见附件（PDF）。") % {
                "name": customer.contact_name}, [customer.contact_email], attachment)
        for user in recipients:
            if user.email:
                queue_mail(subject, body, [user.email], attachment)
            notify(user, key=f"lms-evaluation-report:{record.pk}:{user.pk}", title=title, url=url, kind="lms",
                   email=False, now=now)
        log(record, "lms.evaluation.send", user=by)
    return record


# ---- observation scores ------------------------------------------------------------


def may_score(observation, user):
    return user.pk == observation.observer_id or user.has_perm("lms.change_skillobservation")


@transaction.atomic
def record_scores(observation, by, values, now=None):
    """Store the observer's scores: ``values`` maps (criterion pk, trainee pk)
    to a Decimal 0–100 (None leaves it unscored). Only attendees are scored."""
    if not may_score(observation, by):
        raise PermissionDenied(_("只有本观察的评分人可以评分。"))
    now = now or timezone.now()
    criteria = {c.pk: c for c in observation.criteria.all()}
    people = {p.pk: p for p in attendees(observation.session)}
    saved = 0
    for (criterion_pk, trainee_pk), value in values.items():
        if value is None:
            continue
        if criterion_pk not in criteria or trainee_pk not in people:
            raise ValidationError(_("评分对象无效：只能为本次培训的出勤学员按本观察的标准评分。"))
        if not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(_("得分须在 0 到 100 之间。"))
        ObservationScore.objects.update_or_create(
            criterion=criteria[criterion_pk], trainee=people[trainee_pk],
            defaults={"score": value, "scored_by": by, "scored_at": now})
        saved += 1
    return saved


def observations_to_score(user):
    """The observations ``user`` scores that still miss a score (a criterion
    × an attendee), in one query."""
    def count(queryset, group):
        return Coalesce(Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1],
                                 output_field=IntegerField()), 0)

    present = Attendance.objects.filter(session=OuterRef("session"), signed_in_at__isnull=False).exclude(
        status=AttendanceStatus.ABSENT)
    return (SkillObservation.objects.filter(observer=user)
            .annotate(n_criteria=count(ObservationCriterion.objects.filter(observation=OuterRef("pk")), "observation"),
                      n_present=count(present, "session"),
                      n_scores=count(ObservationScore.objects.filter(criterion__observation=OuterRef("pk")),
                                     "criterion__observation"))
            .filter(n_scores__lt=F("n_criteria") * F("n_present")).select_related("session")
            .order_by("observed_on", "pk"))
