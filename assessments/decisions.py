"""Grade decisions 定级记录: recording them (the system proposes, HR
confirms) and reading a person's grade and pay in force.

Views, tasks and :mod:`assessments.proposals` gather the inputs and call
these; the rules themselves are in :mod:`assessments.rules`. A proposed decision changes
nobody's grade or pay: only :func:`confirm` does, and it records who and when.
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

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
    day = on or timezone.localdate(now)
    scheme = _scheme_for(scheme, day)
    rules = scheme.to_rules()
    result = decide_grade(written, practical, qualification, scheme=rules)
    written = _fits(written, 4, _("书面考试成绩"))
    practical = _fits(practical, 4, _("实操考核成绩"))
    years = _fits(qualification.years_experience, 2, _("从业年限"))
    if years >= 1000:
        raise ValueError(_("从业年限不能超过 999 年。"))
    decision = GradeDecision.objects.create(
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
        rules=rules.to_dict(),
        note=note,
        created_by=recorded_by,
        created_at=now,
    )
    log(instance=decision, action=PROPOSE_ACTION, user=recorded_by,
        data={"grade": result.grade, "score": str(result.score), "scheme": scheme.pk})
    return decision


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
    log(instance=locked, action=CONFIRM_ACTION, user=user,
        data={"grade": locked.proposed_grade, "scheme": locked.scheme_id})
    decision.status, decision.confirmed_by, decision.confirmed_at = (
        locked.status, locked.confirmed_by, locked.confirmed_at)
    return decision


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
