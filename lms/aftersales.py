"""The 售后部经理's part of a traineeship (售后服务人员培训管理办法 五.3.C):
a trainee who cannot reach a stage's goal records it on the table and the
售后部经理 gives a handling opinion (继续培训 / 储备 / 下放为员工); for an
office/dealer trainee the written feedback to the office is recorded and
sent. 售后部 also sends each office/dealer the results and recommendations
of its trainees (:func:`send_dealer_result`)."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import person_name

from .models import EventKind, GoalShortfall, HandlingOpinion, PlanEvent, TableStatus, TraineeSource
from .notifying import notify_holders, notify_user

HANDLE = "lms.handle_goalshortfall"


def _send_to_office(address, subject, body):
    """Mail the office/dealer once the transaction commits."""
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


@transaction.atomic
def record_shortfall(table, trainee, note, *, now=None):
    """受训人在培训计划表上记录无法达到本阶段培训目标; the 售后部经理 is told."""
    if trainee.pk != table.trainee_id:
        raise PermissionDenied(_("只有受训人本人可以记录无法达到培训目标。"))
    if table.status != TableStatus.APPROVED or table.current_item_id is None:
        raise ValidationError(_("培训计划表不在培训中。"))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("请写明无法达到目标的原因。"))
    now = now or timezone.now()
    shortfall = GoalShortfall.objects.create(table=table, item=table.current_item, note=note, recorded_at=now)
    PlanEvent.objects.create(table=table, kind=EventKind.SHORTFALL, item=table.current_item, actor=trainee,
                             at=now, note=note)
    notify_holders(HANDLE, key=f"lms-shortfall:{shortfall.pk}",
                   title=_("%(name)s无法达到第 %(seq)d 行培训目标，请提出处理意见") % {
                       "name": person_name(table.trainee), "seq": table.current_item.seq},
                   body=note, url=table.get_absolute_url())
    return shortfall


@transaction.atomic
def handle_shortfall(shortfall, manager, opinion, note="", *, office_feedback="", now=None):
    """The 售后部经理's handling opinion (继续培训 / 储备 / 下放为员工). An
    office/dealer trainee's office gets written feedback: recorded here and
    mailed to the table's 派遣单位邮箱 (required for such a trainee)."""
    if not manager.has_perm(HANDLE):
        raise PermissionDenied(_("只有售后部经理可以提出处理意见。"))
    shortfall = GoalShortfall.objects.select_for_update().select_related("table__trainee").get(pk=shortfall.pk)
    if shortfall.handled:
        raise ValidationError(_("该记录已提出处理意见。"))
    if opinion not in HandlingOpinion.values:
        raise ValidationError(_("请选择处理意见：继续培训、作为储备或下放为员工。"))
    table = shortfall.table
    now = now or timezone.now()
    dealer = table.source == TraineeSource.DEALER
    feedback = (office_feedback or "").strip()
    if dealer:
        if not feedback:
            raise ValidationError(_("办事处/经销商派遣的受训人须填写给派遣单位的书面反馈。"))
        if not table.sponsor_email:
            raise ValidationError(_("培训计划表没有派遣单位邮箱，书面反馈无法发送，请先补充。"))
    shortfall.opinion, shortfall.opinion_note = opinion, (note or "").strip()
    shortfall.handled_by, shortfall.handled_at = manager, now
    if dealer:
        shortfall.office_feedback, shortfall.feedback_sent_to, shortfall.feedback_sent_at = (
            feedback, table.sponsor_email, now)
        _send_to_office(table.sponsor_email, _("培训情况书面反馈：%(name)s") % {"name": person_name(table.trainee)},
                        feedback)
    shortfall.save()
    label = HandlingOpinion(opinion).label
    PlanEvent.objects.create(table=table, kind=EventKind.HANDLED, item=shortfall.item, actor=manager, at=now,
                             note=f"{label}：{shortfall.opinion_note}" if shortfall.opinion_note else str(label))
    notify_user(table.trainee, key=f"lms-shortfall-handled:{shortfall.pk}",
                title=_("售后部经理的处理意见：%(opinion)s") % {"opinion": label}, body=shortfall.opinion_note,
                url=table.get_absolute_url())
    return shortfall


@transaction.atomic
def send_dealer_result(result, by, *, now=None):
    """售后部 sends an office/dealer its trainee's assessment results and
    recommendations (to the plan's email); the sending is recorded."""
    plan = result.plan
    if not plan.sponsor_email:
        raise ValidationError(_("请先填写办事处/经销商邮箱。"))
    now = now or timezone.now()
    body = _("受训人：%(name)s\n考核结果：%(results)s\n建议：%(advice)s") % {
        "name": person_name(result.trainee), "results": result.results, "advice": result.recommendations or "—"}
    _send_to_office(plan.sponsor_email, _("%(year)s 年度培训考核结果与建议") % {"year": plan.year}, body)
    type(result).objects.filter(pk=result.pk).update(sent_at=now, sent_to=plan.sponsor_email)
    result.sent_at, result.sent_to = now, plan.sponsor_email
    return result
