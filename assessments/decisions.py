"""Grade decisions 定级记录: recording them (the system proposes, HR
confirms) and reading a person's grade and pay in force.

Views, tasks and :mod:`assessments.proposals` gather the inputs and call
these; the rules themselves are in :mod:`assessments.rules`. A proposed decision changes
nobody's grade or pay: only :func:`confirm` does, and it records who and when.
"""
import dataclasses
import datetime
import json
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log
from wagtail.log_actions import registry as log_registry

from .models import DecisionStatus, GradeDecision, GradingScheme
from .rules.grades import decide_grade
from .rules.pay import monthly_pay
from .terms.money import to_decimal
from .terms.qualification import Qualification
from .terms.vocabulary import Grade, Track

PROPOSE_ACTION = "assessments.grade_propose"
CONFIRM_ACTION = "assessments.grade_confirm"
FIELD_ABILITY_ACTION = "assessments.grade_field_ability"
NOTE_FIELD_ABILITY = "assessments.note_field_ability"


def _fits(value, places, what):
    """Refuse values the database would round: a recorded decision must be
    reproducible from exactly what was stored."""
    number = to_decimal(value, what)
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(
            _("%(what)s最多保留 %(places)s 位小数，收到的是 %(value)s。")
            % {"what": what, "places": places, "value": number}
        )
    return number


def _scheme_for(scheme, day):
    if scheme is None:
        return GradingScheme.objects.in_force(day)
    if not isinstance(scheme, GradingScheme) or scheme.pk is None:
        raise ValueError(_("记录定级须使用已保存的定级与薪资方案（GradingScheme）。"))
    scheme = GradingScheme.objects.get(pk=scheme.pk)  # the published data, not an edited copy
    if not scheme.live:
        raise ValueError(_("方案“%(scheme)s”尚未发布（确认），不能用于记录定级。") % {"scheme": scheme})
    return scheme


def _new_decision(person, written, practical, qualification, *, track, scheme, rules, snapshot, recorded_by,
                  note, now):
    """The unsaved decision for one person under ``rules`` (the scheme's,
    read once by the caller); ValueError for invalid inputs."""
    if track not in Track.values:
        raise ValueError(_("未知的薪资类别 %(code)r，可用的类别：%(codes)s。")
                         % {"code": track, "codes": ", ".join(Track.values)})
    if not isinstance(qualification, Qualification):
        raise ValueError(_("qualification 必须是 Qualification（学历、产品系列数、从业年限、维修资质证书）。"))
    result = decide_grade(written, practical, qualification, scheme=rules)
    written = _fits(written, 4, _("书面考试成绩"))
    practical = _fits(practical, 4, _("实操考核成绩"))
    years = _fits(qualification.years_experience, 2, _("从业年限"))
    if years >= 1000:
        raise ValueError(_("从业年限不能超过 999 年。"))
    return GradeDecision(
        person=person,
        track=track,
        written_score=written,
        practical_score=practical,
        education=qualification.education,
        product_series=qualification.product_series,
        years_experience=years,
        repair_certificate=qualification.repair_certificate,
        score=result.score,
        band_grade=result.band_grade,
        proposed_grade=result.grade,
        reasons=list(result.reasons),
        scheme=scheme,
        rules=snapshot,
        note=note,
        created_by=recorded_by,
        created_at=now,
    )


def _propose_log_data(decision):
    return {"grade": decision.proposed_grade, "score": str(decision.score), "scheme": decision.scheme_id}


@transaction.atomic
def record_decision(person, written, practical, qualification, *, track=Track.FULL_TIME, scheme=None,
                    on=None, recorded_by=None, note="", now=None):
    """Propose a grade for ``person`` from their written and practical scores.

    The scheme is ``scheme`` (a published :class:`GradingScheme`) or the one
    in force on ``on`` (default: the local date of ``now``). The decision is
    stored with its inputs, reasons, the scheme and a snapshot of its rules,
    status "proposed": it affects nothing until :func:`confirm`.

    Raises ValueError for invalid scores, qualifications, track or scheme,
    and :class:`~assessments.terms.scheme.NoSchemeInForce` when no scheme applies."""
    now = now or timezone.now()
    if track not in Track.values:
        raise ValueError(_("未知的薪资类别 %(code)r，可用的类别：%(codes)s。")
                         % {"code": track, "codes": ", ".join(Track.values)})
    if not isinstance(qualification, Qualification):
        raise ValueError(_("qualification 必须是 Qualification（学历、产品系列数、从业年限、维修资质证书）。"))
    scheme = _scheme_for(scheme, on or timezone.localdate(now))
    rules = scheme.to_rules()
    decision = _new_decision(person, written, practical, qualification, track=track, scheme=scheme, rules=rules,
                             snapshot=rules.to_dict(), recorded_by=recorded_by, note=note, now=now)
    decision.save()
    log(instance=decision, action=PROPOSE_ACTION, user=recorded_by, data=_propose_log_data(decision))
    return decision


@dataclasses.dataclass(frozen=True)
class GradeInput:
    """One person's results for :func:`record_decisions`."""

    person: object
    written: object
    practical: object
    qualification: Qualification
    track: str = Track.FULL_TIME
    note: str = ""


@transaction.atomic
def record_decisions(entries, *, scheme=None, on=None, recorded_by=None, now=None):
    """:func:`record_decision` for many people at once (a whole training
    cohort, a year's regrading): the scheme is resolved and read once, the
    decisions are written in one statement per thousand and their audit log
    entries likewise. All or nothing: an invalid entry raises ValueError
    naming the person, and nothing is written. Returns the decisions, in
    the order of ``entries``."""
    now = now or timezone.now()
    entries = list(entries)
    scheme = _scheme_for(scheme, on or timezone.localdate(now))
    rules = scheme.to_rules()
    snapshot = rules.to_dict()
    decisions = []
    for entry in entries:
        try:
            decisions.append(_new_decision(
                entry.person, entry.written, entry.practical, entry.qualification, track=entry.track,
                scheme=scheme, rules=rules, snapshot=snapshot, recorded_by=recorded_by, note=entry.note, now=now,
            ))
        except ValueError as error:
            raise ValueError(_("%(person)s：%(error)s") % {"person": entry.person, "error": error}) from error
    _bulk_create(GradeDecision, decisions, ["reasons"], same=["rules"])
    _log_many(decisions, PROPOSE_ACTION, recorded_by, _propose_log_data, now)
    return decisions


def _bulk_create(model, instances, json_fields, same=()):
    """``bulk_create`` in batches of 1,000, the values of ``json_fields``
    sent as query parameters. (Django's UNNEST insert on PostgreSQL would
    put them inside a text[] literal, escaping every quote of every JSON
    document with a regular expression in Python: most of the time of a
    cohort's record, the rules snapshot being the same long document on
    every decision.) The values of ``same``, equal on every instance, are
    encoded once."""
    fields = {name: model._meta.get_field(name) for name in [*json_fields, *same]}
    kept = [{name: getattr(instance, name) for name in fields} for instance in instances]
    encoded = {
        name: Cast(Value(json.dumps(kept[0][name], cls=fields[name].encoder), output_field=TextField()),
                   output_field=fields[name])
        for name in same if kept
    }
    for instance, values in zip(instances, kept, strict=True):
        for name, value in values.items():
            setattr(instance, name, encoded.get(name) or Value(value, output_field=fields[name]))
    try:
        model.objects.bulk_create(instances, batch_size=1000)
    finally:
        for instance, values in zip(instances, kept, strict=True):
            for name, value in values.items():
                setattr(instance, name, value)


def _decision_title(decision, labels):
    """``str(decision)``, with the grade and status labels translated once
    per batch (``labels``: a dict kept by the caller) rather than per row."""
    key = (decision.proposed_grade, decision.status)
    if key not in labels:
        labels[key] = (decision.get_proposed_grade_display(), decision.get_status_display())
    grade, status = labels[key]
    return f"{decision.person} · {grade}（{status}）"


def _log_many(instances, action, user, data_for, now):
    """Wagtail's audit log entries for many saved ``instances`` (decisions)
    at once, as :func:`wagtail.log_actions.log` writes them one by one."""
    if not instances:
        return
    log_model = log_registry.get_log_model_for_instance(instances[0])
    if log_model is None:
        return
    if not hasattr(log_model, "object_id"):
        for instance in instances:
            log(instance=instance, action=action, user=user, data=data_for(instance))
        return
    content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=False)
    context = get_active_log_context()
    labels = {}
    _bulk_create(log_model, [
        log_model(content_type=content_type, label=_decision_title(instance, labels), action=action,
                  timestamp=now, data=data_for(instance), user=user or context.user, uuid=context.uuid,
                  object_id=str(instance.pk))
        for instance in instances
    ], ["data"])


@transaction.atomic
def confirm(decision, user, *, now=None):
    """HR confirms a proposed decision: from now on it is the person's grade.

    Records ``user`` and the time. Confirming twice is refused (ValueError),
    so a double click cannot move the confirmation time."""
    if user is None:
        raise ValueError(_("确认定级须记录确认人。"))
    locked = GradeDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.status == DecisionStatus.CONFIRMED:
        raise ValueError(
            _("该定级已于 %(when)s 由 %(who)s 确认，不能重复确认。")
            % {"when": timezone.localtime(locked.confirmed_at).strftime("%Y-%m-%d %H:%M"),
               "who": locked.confirmed_by or "—"}
        )
    locked.status = DecisionStatus.CONFIRMED
    locked.confirmed_by = user
    locked.confirmed_at = now or timezone.now()
    locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    log(instance=locked, action=CONFIRM_ACTION, user=user, data=_confirm_log_data(locked))
    decision.status, decision.confirmed_by, decision.confirmed_at = (
        locked.status, locked.confirmed_by, locked.confirmed_at)
    return decision


def _confirm_log_data(decision):
    return {"grade": decision.proposed_grade, "scheme": decision.scheme_id}


@transaction.atomic
def confirm_decisions(decisions, user, *, now=None):
    """:func:`confirm` for many proposed decisions at once: locked, checked
    and confirmed in a fixed number of statements. All or nothing: if any is
    confirmed already, ValueError names it and nothing changes. Returns the
    confirmed decisions."""
    if user is None:
        raise ValueError(_("确认定级须记录确认人。"))
    now = now or timezone.now()
    ids = [getattr(d, "pk", d) for d in decisions]
    locked = list(GradeDecision.objects.select_for_update().filter(pk__in=ids).select_related("person")
                  .order_by("pk"))
    done = [d for d in locked if d.status == DecisionStatus.CONFIRMED]
    if done:
        raise ValueError(_("%(person)s 的定级已确认，不能重复确认。") % {"person": done[0].person})
    GradeDecision.objects.filter(pk__in=[d.pk for d in locked]).update(
        status=DecisionStatus.CONFIRMED, confirmed_by=user, confirmed_at=now)
    for decision in locked:
        decision.status, decision.confirmed_by, decision.confirmed_at = DecisionStatus.CONFIRMED, user, now
    _log_many(locked, CONFIRM_ACTION, user, _confirm_log_data, now)
    return locked


@transaction.atomic
def record_field_ability(decision, user, note, *, now=None):
    """售后部 "根据考核结果与出差安装/维修机器的实际能力" gives its opinion on a
    proposed grade: the after-sales manager's note on the trainee's field
    ability, stored on the proposal with who and when, for HR to read before
    confirming. Refused (ValueError) without the permission, with an empty
    note, or once the decision is confirmed."""
    if user is None or not user.has_perm(NOTE_FIELD_ABILITY):
        raise ValueError(_("只有售后部经理可以填写现场能力意见。"))
    note = (note or "").strip()
    if not note:
        raise ValueError(_("请填写受训人出差安装/维修机器的实际能力意见。"))
    locked = GradeDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.status == DecisionStatus.CONFIRMED:
        raise ValueError(_("该定级已确认，不能再修改现场能力意见。"))
    locked.field_ability_note, locked.field_ability_by = note, user
    locked.field_ability_at = now or timezone.now()
    locked.save(update_fields=["field_ability_note", "field_ability_by", "field_ability_at"])
    log(instance=locked, action=FIELD_ABILITY_ACTION, user=user, data={"note": note[:200]})
    decision.field_ability_note, decision.field_ability_by, decision.field_ability_at = (
        locked.field_ability_note, locked.field_ability_by, locked.field_ability_at)
    return decision


def grade_history(person):
    """The person's confirmed decisions, oldest first (who confirmed, when, under which scheme)."""
    return GradeDecision.objects.history_of(person).select_related("scheme", "confirmed_by")


def current_decision(person, *, on=None):
    """The confirmed decision in force for ``person`` at the end of day ``on``
    (default: now): the most recently confirmed one. None if never graded."""
    decisions = GradeDecision.objects.confirmed().filter(person=person)
    if on is not None:
        end = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
        decisions = decisions.filter(confirmed_at__lt=end)
    return decisions.order_by("-confirmed_at", "-pk").first()


def current_grade(person, *, on=None):
    """The person's confirmed grade on ``on``; ``reserve`` if never graded."""
    decision = current_decision(person, on=on)
    return decision.proposed_grade if decision else Grade.RESERVE.value


def current_pay(person, travel_days=0, *, on=None, scheme=None):
    """A month's pay for ``person``: their confirmed grade and track, under
    the scheme in force on ``on`` (default: today) unless ``scheme`` is given.
    Proposed, unconfirmed decisions are ignored."""
    decision = current_decision(person, on=on)
    grade = decision.proposed_grade if decision else Grade.RESERVE.value
    track = decision.track if decision else Track.FULL_TIME.value
    return monthly_pay(grade, track, travel_days, scheme=scheme, on=on)
