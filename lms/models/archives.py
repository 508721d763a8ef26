"""Training archives 培训档案 (002 八): one per training (session). The
archive links the records that already exist (plans with their approvals,
the trainer's file, the register, survey answers, exam results, evaluation
reports: gathered by query in :mod:`lms.archives`, never copied) and holds
what is uploaded to it (:class:`ArchiveItem`: photos and documents, Wagtail
documents in the archive's private collection).

Who may view (``lms.view_trainingarchive``), who may borrow
(``lms.borrow_trainingarchive``) and who approves loans
(``lms.approve_archiveloan``) are permissions granted to groups in
设置 › 用户组. A loan (:class:`ArchiveLoan`) is a request with a period; only
an approved, unreturned loan within its period opens the files."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from people.models import person_name


class TrainingArchive(ClusterableModel):
    session = models.OneToOneField("lms.TrainingSession", verbose_name=_("培训课堂"), on_delete=models.PROTECT,
                                   related_name="archive")
    plans = ParentalManyToManyField("lms.TrainingPlan", verbose_name=_("所属培训计划"), blank=True,
                                    related_name="archives")
    filed_at = models.DateTimeField(_("建档时间"), default=timezone.now)
    note = models.TextField(_("备注"), blank=True)

    panels = [
        "session",
        FieldPanel("plans"),
        "note",
        InlinePanel("items", heading=_("照片与文件"), label=_("档案材料")),
    ]

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("培训档案")
        verbose_name_plural = _("培训档案")
        permissions = [
            ("borrow_trainingarchive", _("可以申请借阅培训档案")),
            ("approve_archiveloan", _("可以审批培训档案借阅")),
        ]

    def __str__(self):
        return str(self.session)

    def get_absolute_url(self):
        return reverse("lms:archive", args=[self.pk])

    @property
    def project(self):
        """The project 培训项目 the archive is filed under: the course, or the session's title."""
        return self.session.course.title if self.session.course_id else self.session.title


class ItemKind(models.TextChoices):
    PHOTO = "photo", _("培训照片")
    SIGNIN = "signin", _("签到表（纸质扫描）")
    MATERIAL = "material", _("培训资料")
    RECORD = "record", _("培训师记录")
    OTHER = "other", _("其他文件")


class ArchiveItem(Orderable):
    archive = ParentalKey(TrainingArchive, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=20, choices=ItemKind.choices, default=ItemKind.PHOTO)
    title = models.CharField(_("名称"), max_length=200)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT,
                                 related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    panels = [FieldRowPanel(["kind", "title"]), "document"]

    class Meta(Orderable.Meta):
        verbose_name = _("档案材料")
        verbose_name_plural = _("档案材料")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    def get_absolute_url(self):
        return reverse("lms:archive_item_file", args=[self.pk])


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准（借阅中）")
    REJECTED = "rejected", _("已驳回")
    RETURNED = "returned", _("已归还")


class ArchiveLoan(models.Model):
    """借阅: a request (whole archive, or one item) for a period, with the
    reason; approved or rejected by an approver; returned. Each step is
    recorded here (who, when, why) and in the audit log."""

    archive = models.ForeignKey(TrainingArchive, verbose_name=_("培训档案"), on_delete=models.PROTECT,
                                related_name="loans")
    item = models.ForeignKey(ArchiveItem, verbose_name=_("借阅材料"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="loans", help_text=_("留空表示借阅整个档案。"))
    borrower = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("借阅人"), on_delete=models.PROTECT,
                                 related_name="archive_loans")
    reason = models.TextField(_("借阅事由"))
    starts_on = models.DateField(_("借阅开始"))
    ends_on = models.DateField(_("应归还日期"))
    status = models.CharField(_("状态"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.REQUESTED)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    returned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("归还经办人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "ends_on"], name="lms_loan_status_due")]
        verbose_name = _("档案借阅")
        verbose_name_plural = _("档案借阅")

    def __str__(self):
        what = self.item.title if self.item_id else str(self.archive)
        return f"{person_name(self.borrower)} · {what}"

    def get_absolute_url(self):
        return reverse("lms:archive", args=[self.archive_id])

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("应归还日期不能早于借阅开始日期。")})
        if self.item_id and self.archive_id and self.item.archive_id != self.archive_id:
            raise ValidationError({"item": _("所选材料不属于该档案。")})

    def is_overdue(self, today=None):
        return self.status == LoanStatus.APPROVED and (today or timezone.localdate()) > self.ends_on

    def grants_access(self, today=None):
        """Whether this loan opens its files now: approved, not returned, within its period."""
        today = today or timezone.localdate()
        return self.status == LoanStatus.APPROVED and self.starts_on <= today <= self.ends_on
