"""The after-sales trainee's plan table 培训计划表 (售后服务人员培训管理办法).

One table per trainee, travelling with them between departments. The paper
form's columns map to these records:

=========================  ===============================================
序号                        :attr:`PlanItem.seq`
受训内容                    :attr:`PlanItem.content`
培训部门/人                 :attr:`PlanItem.department` / :attr:`PlanItem.trainer`
计划培训时间                :attr:`PlanItem.planned_start`–``planned_end``
实际培训时间及培训内容      :attr:`PlanEntry.actual_date` + ``actual_content``
培训人评估                  :attr:`PlanEntry.assessment`
培训师签名                  :attr:`PlanEntry.trainer` + ``trainer_signed_at``
受训人签名                  the entry's trainee event (signed, or disputed)
=========================  ===============================================

The trainer's daily entry is signed when written and never changes; the
trainee's signature or dispute is an event; corrections are new entries
pointing at the one they correct. :class:`PlanEvent` is the audit trail:
append-only, like the policies' acknowledgement records. Every change goes
through :mod:`lms.traineeship`.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Department, person_name
from people.records import ImmutableRecordError, WriteOnceModel

from .courses import AfterSalesLevel


class AppendOnlyModel(WriteOnceModel):
    """Signed plan-table records: corrections are new records, never edits."""

    changed_message = _("已签名的记录不可修改，请新增更正记录。")
    deleted_message = _("已签名的记录不可删除。")

    class Meta:
        abstract = True


class TraineeSource(models.TextChoices):
    NEW_HIRE = "new_hire", _("新招聘人员")
    RESERVE = "reserve", _("内部提拔储备人员")
    DEALER = "dealer", _("办事处/经销商派遣人员")
    PRODUCTION_RESERVE = "production_reserve", _("生产储备人员")


class TableStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("待常务副总审批")
    APPROVED = "approved", _("已批准，培训中")
    FINISHED = "finished", _("培训结束")


class TraineePlanTable(models.Model):
    trainee = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("受训人"), on_delete=models.PROTECT, related_name="plan_table"
    )
    source = models.CharField(_("人员来源"), max_length=20, choices=TraineeSource.choices,
                              default=TraineeSource.NEW_HIRE)
    level = models.CharField(_("培训计划层级"), max_length=20, choices=AfterSalesLevel.choices,
                             default=AfterSalesLevel.BASIC, help_text=_("由摸底考试结果确定。"))
    placement_score = models.DecimalField(_("摸底考试成绩"), max_digits=5, decimal_places=2, null=True, blank=True)
    lead_department = models.ForeignKey(Department, verbose_name=_("主导培训部门"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        help_text=_("留空则取第一行的培训部门；批准后通知其负责人。"))
    sponsor = models.CharField(_("派遣单位（办事处/经销商）"), max_length=200, blank=True)
    sponsor_email = models.EmailField(_("派遣单位邮箱"), blank=True,
                                      help_text=_("书面反馈与考核结果发送至此邮箱。"))
    status = models.CharField(_("状态"), max_length=20, choices=TableStatus.choices, default=TableStatus.DRAFT)
    current_item = models.ForeignKey(
        "lms.PlanItem", verbose_name=_("当前培训阶段"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("编制时间"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("培训计划表")
        verbose_name_plural = _("培训计划表")
        permissions = [("approve_traineeplantable", _("可以批准培训计划表")),
                       ("draw_up_reserve_traineeplantable", _("可以编制生产储备人员的培训计划表"))]

    def __str__(self):
        return _("%(name)s的培训计划表") % {"name": person_name(self.trainee)}

    def get_absolute_url(self):
        return reverse("lms:plan_table", args=[self.pk])


class PlanItem(models.Model):
    """One planned line of the table (序号, 受训内容, 培训部门/人, 计划培训时间).
    Editable (and removable) only while the table is being drawn up: once it
    is submitted to the executive VP, what they approve no longer changes;
    after approval lines are only added (an event records it)."""

    table = models.ForeignKey(TraineePlanTable, verbose_name=_("培训计划表"), on_delete=models.CASCADE,
                              related_name="items")
    seq = models.PositiveSmallIntegerField(_("序号"))
    content = models.CharField(_("受训内容"), max_length=255)
    department = models.ForeignKey(Department, verbose_name=_("培训部门"), on_delete=models.PROTECT,
                                   related_name="+")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("培训人"), on_delete=models.PROTECT,
                                related_name="plan_items")
    planned_start = models.DateField(_("计划开始"))
    planned_end = models.DateField(_("计划结束"))
    goal = models.CharField(_("阶段目标"), max_length=255, blank=True)

    class Meta:
        ordering = ["table", "seq"]
        constraints = [models.UniqueConstraint(fields=["table", "seq"], name="lms_planitem_table_seq_unique")]
        verbose_name = _("培训计划行")
        verbose_name_plural = _("培训计划行")

    def __str__(self):
        return f"{self.seq}. {self.content}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self.table.status != TableStatus.DRAFT:
            raise ImmutableRecordError(_("培训计划表已提交审批，计划行不可修改；如需调整请新增计划行。"))
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        if self.table.status != TableStatus.DRAFT:
            raise ImmutableRecordError(_("培训计划表已提交审批，计划行不可删除。"))
        return super().delete(*args, **kwargs)

    delete.alters_data = True


class PlanEntry(AppendOnlyModel):
    """The trainer's entry for a day (实际培训时间及培训内容, 培训人评估),
    signed by the trainer when written. A correction is a new entry with
    ``corrects`` set; the original stays as it was."""

    item = models.ForeignKey(PlanItem, verbose_name=_("计划行"), on_delete=models.PROTECT, related_name="entries")
    actual_date = models.DateField(_("实际培训日期"))
    actual_content = models.TextField(_("实际培训内容"))
    assessment = models.TextField(_("培训人评估"))
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("培训师"), on_delete=models.PROTECT,
                                related_name="+")
    trainer_signed_at = models.DateTimeField(_("培训师签名时间"), default=timezone.now)
    corrects = models.ForeignKey("self", verbose_name=_("更正的记录"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="corrections")

    class Meta:
        ordering = ["item__seq", "actual_date", "pk"]
        verbose_name = _("每日培训记录")
        verbose_name_plural = _("每日培训记录")

    def __str__(self):
        return f"{self.item.seq} · {self.actual_date:%Y-%m-%d}"


class EventKind(models.TextChoices):
    CREATED = "created", _("编制培训计划表")
    ITEM_ADDED = "item_added", _("新增计划行")
    SUBMITTED = "submitted", _("提交审批")
    APPROVED = "approved", _("常务副总批准")
    ENTRY = "entry", _("培训师填写并签名")
    CORRECTED = "corrected", _("培训师更正记录")
    SIGNED = "signed", _("受训人签名确认")
    DISPUTED = "disputed", _("受训人提出异议")
    STAGE_PASSED = "stage_passed", _("阶段目标达成，进入下一阶段")
    SENT_BACK = "sent_back", _("退回前一阶段重新培训")
    TRANSFERRED = "transferred", _("受训人调动部门")
    FINISHED = "finished", _("培训结束")
    SHORTFALL = "shortfall", _("受训人记录无法达到本阶段目标")
    HANDLED = "handled", _("售后部经理提出处理意见")
    FILED = "filed", _("完整资料存档至售后部、人资部")


TRAINEE_EVENTS = (EventKind.SIGNED, EventKind.DISPUTED)


class PlanEvent(AppendOnlyModel):
    """The audit trail of a plan table: who did what, when, in order."""

    table = models.ForeignKey(TraineePlanTable, verbose_name=_("培训计划表"), on_delete=models.PROTECT,
                              related_name="events")
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    item = models.ForeignKey(PlanItem, verbose_name=_("计划行"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="events")
    entry = models.ForeignKey(PlanEntry, verbose_name=_("培训记录"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # The trainee signs or disputes an entry once: it is final.
            models.UniqueConstraint(fields=["entry"], condition=Q(kind__in=["signed", "disputed"]),
                                    name="lms_planevent_one_trainee_answer"),
        ]
        verbose_name = _("培训计划表记录")
        verbose_name_plural = _("培训计划表记录")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
