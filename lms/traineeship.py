"""The after-sales trainee's traineeship, kept on their plan table 培训计划表.
Every change goes through these functions; each writes an audit event
(:class:`lms.models.PlanEvent`).

- The 售后部经理 (or HR) draws the table up (lines: 序号, 受训内容,
  培训部门/人, 计划培训时间) and submits it (``lms.add_traineeplantable``); a
  production-reserve trainee's table is drawn up by 生产部
  (``lms.draw_up_reserve_traineeplantable``) and, when the assessment is
  complete, a full copy is filed to 售后部 and 人资部. The executive VP
  approves it (``lms.approve_traineeplantable``), only once the trainee has
  a placement result; the trainee and the head of the leading training
  department are then told.
- The trainer of the current stage writes each day's entry and assessment,
  signed as written; a correction is a new entry.
- The trainee signs the entry or disputes it, once. A dispute stays on the
  table and the responsibility is the trainer's.
- The trainer of a later stage (or HR, ``lms.change_traineeplantable``) may
  send the trainee back to an earlier stage until its goal is met.
- HR and the executive VP see every table (``lms.view_traineeplantable``);
  a trainer sees the tables they train on, a trainee their own.
"""
import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Department, person_name

from .enrolling import enrol_in_level_courses
from .models import (
    EventKind,
    PlanEntry,
    PlanEvent,
    PlanItem,
    PlanTableCopy,
    TableStatus,
    TraineePlanTable,
    TraineeSource,
    in_trainer_pool,
)
from .models.plan_tables import TRAINEE_EVENTS
from .notifying import notify_holders, notify_user

DRAW_UP = "lms.add_traineeplantable"
DRAW_UP_RESERVE = "lms.draw_up_reserve_traineeplantable"
DIRECT = "lms.change_traineeplantable"
SEE_ALL = "lms.view_traineeplantable"
APPROVE = "lms.approve_traineeplantable"


def _event(table, kind, actor, now=None, **fields):
    return PlanEvent.objects.create(table=table, kind=kind, actor=actor, at=now or timezone.now(), **fields)


# ---- who may do what --------------------------------------------------------


def can_view(user, table):
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.pk == table.trainee_id
        or user.has_perm(SEE_ALL)
        or table.items.filter(trainer=user).exists()
    )


def may_draw_up(user, source=None):
    """Whether ``user`` draws tables up (creates them, adds and removes
    lines, submits them for approval): a production-reserve trainee's table
    (``source``) is 生产部's, every other the 售后部经理's; HR holds both.
    Without ``source``: whether ``user`` draws up any kind."""
    if source is None:
        return user.has_perm(DRAW_UP) or user.has_perm(DRAW_UP_RESERVE)
    if source == TraineeSource.PRODUCTION_RESERVE:
        return user.has_perm(DRAW_UP_RESERVE)
    return user.has_perm(DRAW_UP)


def may_approve(user):
    return user.has_perm(APPROVE)


def may_move(table, user):
    """Whether ``user`` may pass the current stage or send the trainee back:
    the current stage's trainer, or HR."""
    current = table.current_item
    return user.has_perm(DIRECT) or (current is not None and current.trainer_id == user.pk)


def actions_for(table, user):
    """What ``user`` may do on ``table`` now, as the table's page offers it:
    a set of ``submit``, ``approve``, ``record``, ``move``, ``add-item``,
    ``remove-item`` (the functions below refuse the rest)."""
    actions = set()
    current = table.current_item
    if table.status == TableStatus.DRAFT and may_draw_up(user, table.source):
        actions |= {"submit", "add-item", "remove-item"}
    if table.status == TableStatus.SUBMITTED and may_approve(user):
        actions.add("approve")
    if table.status == TableStatus.APPROVED:
        if may_draw_up(user, table.source):
            actions.add("add-item")
        if current is not None and current.trainer_id == user.pk:
            actions.add("record")
        if may_move(table, user):
            actions.add("move")
    return actions


def tables_for(user):
    """The tables ``user`` may open: HR and the executive VP see all, a
    trainer those they train on, a trainee their own."""
    tables = TraineePlanTable.objects.select_related("trainee", "current_item__department")
    if user.has_perm(SEE_ALL) or may_draw_up(user):
        return tables
    return tables.filter(Q(trainee=user) | Q(items__trainer=user)).distinct()


# ---- drawing up and approval --------------------------------------------------


@transaction.atomic
def create_table(trainee, by, **fields):
    source = fields.get("source", TraineeSource.NEW_HIRE)
    if not may_draw_up(by, source):
        if source == TraineeSource.PRODUCTION_RESERVE:
            raise PermissionDenied(_("生产储备人员的培训计划表由生产部编制。"))
        raise PermissionDenied(_("培训计划表由售后部经理（或人资部）编制。"))
    if TraineePlanTable.objects.filter(trainee=trainee).exists():
        raise ValidationError(_("%(name)s已有培训计划表：每位受训人只有一份，随人转移。") % {
            "name": person_name(trainee)})
    table = TraineePlanTable.objects.create(trainee=trainee, created_by=by, **fields)
    _event(table, EventKind.CREATED, by)
    return table


@transaction.atomic
def add_item(table, by, **fields):
    """Add a planned line; after approval it is recorded as an addition."""
    if not may_draw_up(by, table.source):
        raise PermissionDenied(_("培训计划行由人资部编制。"))
    if table.status == TableStatus.FINISHED:
        raise ValidationError(_("培训已结束，不能再新增计划行。"))
    if table.status == TableStatus.SUBMITTED:
        raise ValidationError(_("培训计划表正在等待常务副总审批，审批后方可新增计划行。"))
    trainer = fields.get("trainer")
    if trainer is not None and not in_trainer_pool(trainer):
        raise ValidationError(_("%(name)s不在师资库（须经试讲入库且未退出），不能担任培训阶段的培训人。")
                              % {"name": person_name(trainer)})
    seq = (table.items.aggregate(n=Max("seq"))["n"] or 0) + 1
    item = PlanItem(table=table, seq=seq, **fields)
    item.full_clean()
    item.save()
    if table.status == TableStatus.APPROVED:
        _event(table, EventKind.ITEM_ADDED, by, item=item, note=item.content)
    return item


@transaction.atomic
def remove_item(item, by):
    """Take a line off a table that is still being drawn up (the later
    lines move up so that 序号 stays 1, 2, 3 …)."""
    table = item.table
    if not may_draw_up(by, table.source):
        raise PermissionDenied(_("培训计划行由人资部编制。"))
    if table.status != TableStatus.DRAFT:
        raise ValidationError(_("培训计划表已提交审批，计划行不可删除。"))
    seq = item.seq
    item.delete()
    for later in table.items.filter(seq__gt=seq).order_by("seq"):
        later.seq -= 1
        later.save(update_fields=["seq"])


def _tell_current_trainer(table, title):
    current = table.current_item
    if current is None:
        return
    notify_user(current.trainer, key=f"lms-plantable-stage:{table.pk}:{table.events.count()}",
                title=title % {"name": person_name(table.trainee), "seq": current.seq, "content": current.content},
                url=table.get_absolute_url())


@transaction.atomic
def submit(table, by):
    if not may_draw_up(by, table.source):
        raise PermissionDenied(_("培训计划表由人资部提交审批。"))
    if table.status != TableStatus.DRAFT:
        raise ValidationError(_("培训计划表已提交。"))
    if not table.items.exists():
        raise ValidationError(_("培训计划表至少需要一行计划。"))
    table.status = TableStatus.SUBMITTED
    table.save(update_fields=["status"])
    _event(table, EventKind.SUBMITTED, by)
    notify_holders(APPROVE, key=f"lms-plantable-submitted:{table.pk}",
                 title=_("培训计划表待审批：%s") % person_name(table.trainee), url=table.get_absolute_url())


@transaction.atomic
def approve(table, by, now=None):
    if not may_approve(by):
        raise PermissionDenied(_("培训计划表须由常务副总批准。"))
    if table.status != TableStatus.SUBMITTED:
        raise ValidationError(_("只有待审批的培训计划表可以批准。"))
    if table.placement_score is None:
        raise ValidationError(_("%(name)s尚无摸底考试结果：受训人须先参加摸底考试（必要时实际操作），"
                                "按结果确定培训计划层级后，培训计划表方可批准。") % {"name": person_name(table.trainee)})
    now = now or timezone.now()
    table.status, table.approved_by, table.approved_at = TableStatus.APPROVED, by, now
    table.current_item = table.items.order_by("seq").first()
    table.save(update_fields=["status", "approved_by", "approved_at", "current_item"])
    _event(table, EventKind.APPROVED, by, now=now)
    enrol_in_level_courses(table)
    _tell_current_trainer(table, _("请为%(name)s填写培训记录：第 %(seq)d 行 %(content)s"))
    _distribute(table)


def lead_department(table):
    """主导培训部门: the table's, else the first line's training department."""
    if table.lead_department_id:
        return table.lead_department
    first = table.items.select_related("department").order_by("seq").first()
    return first.department if first else None


def _distribute(table):
    """On approval the table goes to the trainee and the head of the leading
    training department (not only the trainer)."""
    name = person_name(table.trainee)
    notify_user(table.trainee, key=f"lms-plantable-approved:{table.pk}:trainee",
                title=_("您的培训计划表已经常务副总批准"), url=table.get_absolute_url())
    department = lead_department(table)
    if department is not None and department.head_id:
        notify_user(department.head, key=f"lms-plantable-approved:{table.pk}:head",
                    title=_("%(name)s的培训计划表已批准，由%(department)s主导培训") % {
                        "name": name, "department": department.name}, url=table.get_absolute_url())


# ---- the trainer's daily entries ------------------------------------------------


@transaction.atomic
def record_entry(item, trainer, actual_date, actual_content, assessment, corrects=None, now=None):
    """The trainer writes (and signs) a day's entry on the current stage, or
    a correction of an earlier entry of theirs on any stage."""
    table = item.table
    if table.status != TableStatus.APPROVED:
        raise ValidationError(_("培训计划表尚未经常务副总批准，不能填写培训记录。"))
    if trainer.pk != item.trainer_id:
        raise PermissionDenied(_("只有该行的培训人可以填写培训记录。"))
    if corrects is None and table.current_item_id != item.pk:
        raise ValidationError(_("受训人当前不在此培训阶段，请在当前阶段填写。"))
    if corrects is not None and corrects.item_id != item.pk:
        raise ValidationError(_("更正记录须与原记录属于同一计划行。"))
    if not (actual_content or "").strip() or not (assessment or "").strip():
        raise ValidationError(_("请填写实际培训内容和培训人评估。"))
    entry = PlanEntry.objects.create(
        item=item, actual_date=actual_date, actual_content=actual_content, assessment=assessment,
        trainer=trainer, trainer_signed_at=now or timezone.now(), corrects=corrects,
    )
    _event(table, EventKind.CORRECTED if corrects else EventKind.ENTRY, trainer, now=now, item=item, entry=entry,
           note=_("更正 %(date)s 的记录") % {"date": corrects.actual_date.isoformat()} if corrects else "")
    notify_user(table.trainee, key=f"lms-plantable-entry:{entry.pk}",
                title=_("请确认培训记录：%s") % item.content, url=table.get_absolute_url())
    return entry


# ---- the trainee's signature ---------------------------------------------------------


def _trainee_answer(entry, trainee, kind, note="", now=None):
    table = entry.item.table
    if trainee.pk != table.trainee_id:
        raise PermissionDenied(_("只有受训人本人可以签名或提出异议。"))
    if PlanEvent.objects.filter(entry=entry, kind__in=TRAINEE_EVENTS).exists():
        raise ValidationError(_("该记录已签名或已提出异议，不能再次操作。"))
    try:
        with transaction.atomic():
            return _event(table, kind, trainee, now=now, item=entry.item, entry=entry, note=note)
    except IntegrityError:  # the other answer won a race: the first one stands
        raise ValidationError(_("该记录已签名或已提出异议，不能再次操作。")) from None


def sign(entry, trainee, now=None):
    """受训人签名: the trainee confirms the trainer's entry."""
    return _trainee_answer(entry, trainee, EventKind.SIGNED, now=now)


def dispute(entry, trainee, reason, now=None):
    """The trainee disagrees; the dispute stays on the table and the
    responsibility lies with the trainer."""
    if not (reason or "").strip():
        raise ValidationError(_("请写明异议内容。"))
    event = _trainee_answer(entry, trainee, EventKind.DISPUTED, note=reason, now=now)
    notify_user(entry.trainer, key=f"lms-plantable-dispute:{entry.pk}",
                title=_("受训人对培训记录提出异议：%s") % entry.item.content, body=reason,
                url=entry.item.table.get_absolute_url())
    return event


# ---- stages -----------------------------------------------------------------------------


@transaction.atomic
def pass_stage(table, by, note="", now=None):
    """The current stage's goal is met: move to the next line (or finish)."""
    if table.status != TableStatus.APPROVED:
        raise ValidationError(_("培训计划表不在培训中。"))
    if not may_move(table, by):
        raise PermissionDenied(_("只有当前阶段的培训人或人资部可以确认阶段目标达成。"))
    current = table.current_item
    following = table.items.filter(seq__gt=current.seq).order_by("seq").first()
    _event(table, EventKind.STAGE_PASSED, by, now=now, item=current, note=note)
    if following is None:
        table.status = TableStatus.FINISHED
        _event(table, EventKind.FINISHED, by, now=now)
        if table.source == TraineeSource.PRODUCTION_RESERVE:
            file_copies(table, by, now=now)
    table.current_item = following or current
    table.save(update_fields=["current_item", "status"])
    if following is not None:
        _tell_current_trainer(table, _("%(name)s进入第 %(seq)d 行培训：%(content)s，请填写培训记录"))
    return table.current_item


@transaction.atomic
def send_back(table, to_item, by, reason, now=None):
    """A later stage sends the trainee back to an earlier one until its goal is met."""
    if table.status != TableStatus.APPROVED:
        raise ValidationError(_("培训计划表不在培训中。"))
    if not may_move(table, by):
        raise PermissionDenied(_("只有当前阶段的培训人或人资部可以退回。"))
    if to_item.table_id != table.pk or to_item.seq >= table.current_item.seq:
        raise ValidationError(_("只能退回到当前阶段之前的阶段。"))
    if not (reason or "").strip():
        raise ValidationError(_("请写明退回原因（未达到的目标）。"))
    _event(table, EventKind.SENT_BACK, by, now=now, item=to_item,
           note=_("由第 %(from)d 行退回第 %(to)d 行：%(reason)s") % {
               "from": table.current_item.seq, "to": to_item.seq, "reason": reason})
    table.current_item = to_item
    table.save(update_fields=["current_item"])
    _tell_current_trainer(table, _("%(name)s被退回第 %(seq)d 行重新培训：%(content)s"))
    return to_item


#: 考核完成后将完整资料影印一份给售后部/人资部存档.
FILED_TO = ("after-sales", "hr")


def file_copies(table, by, now=None):
    """File a full copy of a production-reserve trainee's table with 售后部
    and 人资部 (once each): its lines, entries, signatures and events."""
    now = now or timezone.now()
    snapshot = {
        "trainee": person_name(table.trainee), "source": table.source, "level": table.level,
        "placement_score": str(table.placement_score) if table.placement_score is not None else None,
        "rows": [{"seq": row.item.seq, "content": row.item.content, "department": str(row.item.department),
                  "trainer": person_name(row.item.trainer),
                  "planned": f"{row.item.planned_start}–{row.item.planned_end}",
                  "actual_date": row.entry.actual_date.isoformat() if row.entry else "",
                  "actual_content": row.entry.actual_content if row.entry else "",
                  "assessment": row.entry.assessment if row.entry else "",
                  "trainee_signed": row.signed, "disputed": row.disputed} for row in rows(table)],
        "events": [{"at": e.at.isoformat(), "kind": e.kind, "actor": person_name(e.actor) if e.actor else "",
                    "note": e.note} for e in table.events.select_related("actor").order_by("at", "pk")],
    }
    filed = []
    for department in Department.objects.filter(code__in=FILED_TO):
        copy, created = PlanTableCopy.objects.get_or_create(
            table=table, department=department, defaults={"snapshot": snapshot, "filed_at": now})
        if created:
            filed.append(department.name)
            if department.head_id:
                notify_user(department.head, key=f"lms-plantable-filed:{table.pk}:{department.pk}",
                            title=_("%(name)s的培训计划表考核完成，完整资料已存档") % {
                                "name": person_name(table.trainee)}, url=table.get_absolute_url())
    if filed:
        _event(table, EventKind.FILED, by, now=now, note="、".join(filed))
    return filed


# ---- the table as the paper form shows it -------------------------------------------------


@dataclasses.dataclass
class Row:
    """One printed row: a planned line with (at most) one entry."""

    item: PlanItem
    entry: PlanEntry = None
    first_of_item: bool = True
    answer: PlanEvent = None
    corrected_by: list = dataclasses.field(default_factory=list)
    #: On the first row of a line: how many rows the line spans (the
    #: printed form writes 序号 … 计划培训时间 once per line).
    span: int = 1

    @property
    def signed(self):
        return self.answer is not None and self.answer.kind == EventKind.SIGNED

    @property
    def disputed(self):
        return self.answer is not None and self.answer.kind == EventKind.DISPUTED


def rows(table):
    """The table's rows in the paper form's order: each planned line, with
    one row per daily entry (corrections follow the entry they correct)."""
    items = list(table.items.select_related("department", "trainer").order_by("seq"))
    entries = list(
        PlanEntry.objects.filter(item__table=table).select_related("trainer", "corrects").order_by("actual_date", "pk")
    )
    answers = {
        e.entry_id: e for e in PlanEvent.objects.filter(
            table=table, kind__in=TRAINEE_EVENTS).select_related("actor")
    }
    corrections = {}
    for entry in entries:
        if entry.corrects_id:
            corrections.setdefault(entry.corrects_id, []).append(entry)
    result = []
    for item in items:
        mine = [e for e in entries if e.item_id == item.pk]
        if not mine:
            result.append(Row(item))
            continue
        for index, entry in enumerate(mine):
            result.append(Row(item, entry, index == 0, answers.get(entry.pk), corrections.get(entry.pk, []),
                              span=len(mine) if index == 0 else 1))
    return result


# ---- the trainee moves --------------------------------------------------------------------


def record_transfer(profile, old_department_id):
    """A trainee who changes department takes their table along: the move is
    recorded on it (by nobody: the organisation changed)."""
    table = TraineePlanTable.objects.filter(trainee=profile.user).first()
    if table is None:
        return None
    old = Department.objects.filter(pk=old_department_id).first()
    return _event(table, EventKind.TRANSFERRED, None, note=_("由%(old)s调至%(new)s，培训计划表随人转移。") % {
        "old": old or "—", "new": profile.department or "—"})
