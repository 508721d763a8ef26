"""Grade decisions 定级记录: recording them (the system proposes, HR
confirms) and reading a person's grade and pay in force.

Views, tasks and :mod:`assessments.proposals` gather the inputs and call
these; the rules themselves are in :mod:`assessments.rules`. A proposed decision changes
nobody's grade or pay: only :func:`confirm` does, and it records who and when.
"""
import dataclasses
import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log
from wagtail.log_actions import registry as log_registry

from .bulk import insert_rows, lock_rows, update_rows
from .models import DecisionStatus, GradeDecision, GradingScheme
from .rules.grades import decide_grade
from .rules.pay import monthly_pay
from .terms.money import to_decimal
from .terms.qualification import Qualification
from .terms.vocabulary import Grade, Track

_TRACKS = frozenset(Track.values)  # Track.values builds a new list on every read

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
    if track not in _TRACKS:
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
    decision = GradeDecision(
        person_id=_related_pk(person),
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
        scheme_id=scheme.pk,
        rules=snapshot,
        note=note,
        created_by_id=_related_pk(recorded_by),
        created_at=now,
    )
    # The related objects the caller holds, cached as assigning them would
    # (without the descriptor's per-row checks: their types are checked above).
    for field, value in ((_PERSON, person), (_SCHEME, scheme), (_RECORDER, recorded_by)):
        field.set_cached_value(decision, value)
    return decision


_PERSON, _SCHEME, _RECORDER = (GradeDecision._meta.get_field(name) for name in ("person", "scheme", "created_by"))


def _related_pk(user):
    """The pk of a saved user (the person graded or the recorder), None for
    None; ValueError for anything else."""
    if user is None:
        return None
    if not isinstance(user, _PERSON.related_model) or user.pk is None:
        raise ValueError(_("人员必须是已保存的用户，收到的是 %(value)r。") % {"value": user})
    return user.pk


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
    if track not in _TRACKS:
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
    _save_new(decisions, snapshot)
    _log_many(decisions, PROPOSE_ACTION, recorded_by, _propose_log_data, now)
    return decisions


#: What a new decision is written with, the rules snapshot aside (shared by the cohort).
_DECISION_COLUMNS = [
    "person_id", "track", "written_score", "practical_score", "education", "product_series", "years_experience",
    "repair_certificate", "score", "band_grade", "proposed_grade", "reasons", "scheme_id", "note", "status",
    "created_by_id", "created_at",
]


def _save_new(decisions, snapshot):
    """Write the cohort's new ``decisions`` (all under one scheme, so one
    ``snapshot``) in a fixed number of statements; each gets its pk."""
    ids = insert_rows(GradeDecision, _DECISION_COLUMNS,
                      ([getattr(d, name) for name in _DECISION_COLUMNS] for d in decisions),
                      same={"rules": snapshot})
    for decision, pk in zip(decisions, ids, strict=True):
        decision.pk = pk
        decision._state.adding = False
        decision._state.db = "default"


def _decision_title(decision, labels):
    """``str(decision)``, with the grade and status labels translated once
    per batch (``labels``: a dict kept by the caller) rather than per row."""
    key = (decision.proposed_grade, decision.status)
    if key not in labels:
        labels[key] = (decision.get_proposed_grade_display(), decision.get_status_display())
    grade, status = labels[key]
    return f"{decision.person} · {grade}（{status}）"


_LOG_COLUMNS = ["content_type_id", "label", "action", "data", "timestamp", "uuid", "user_id", "revision_id",
                "content_changed", "deleted", "object_id"]


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
    user = user or context.user
    user_id = user.pk if user is not None else None
    labels = {}
    insert_rows(log_model, _LOG_COLUMNS, (
        [content_type.pk, _decision_title(instance, labels), action, data_for(instance), now, context.uuid,
         user_id, None, False, False, str(instance.pk)]
        for instance in instances
    ))


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
    """:func:`confirm` for many proposed decisions (instances or pks) at
    once: locked, checked and confirmed in a fixed number of statements. All
    or nothing: if any is confirmed already, ValueError names it and nothing
    changes. Returns the confirmed decisions, in the order of their pks."""
    if user is None:
        raise ValueError(_("确认定级须记录确认人。"))
    now = now or timezone.now()
    given = {d.pk: d for d in decisions if isinstance(d, GradeDecision)}
    ids = [getattr(d, "pk", d) for d in decisions]
    locked = lock_rows(GradeDecision, ids, ["status", "person_id"])
    done = [pk for pk, status, _person in locked if status == DecisionStatus.CONFIRMED]
    if done:
        person = given[done[0]].person if done[0] in given else GradeDecision.objects.get(pk=done[0]).person
        raise ValueError(_("%(person)s 的定级已确认，不能重复确认。") % {"person": person})
    found = [pk for pk, _status, _person in locked]
    update_rows(GradeDecision, found, status=DecisionStatus.CONFIRMED, confirmed_by_id=user.pk, confirmed_at=now)
    missing = [pk for pk in found if pk not in given]
    if missing:
        given.update(GradeDecision.objects.defer("rules").select_related("person").in_bulk(missing))
    confirmed = [given[pk] for pk in found]
    for decision in confirmed:
        decision.status, decision.confirmed_by, decision.confirmed_at = DecisionStatus.CONFIRMED, user, now
    _log_many(confirmed, CONFIRM_ACTION, user, _confirm_log_data, now)
    return confirmed


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
