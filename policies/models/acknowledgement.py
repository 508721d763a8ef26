"""Read-and-acknowledge: who must confirm having read which version of a
policy (:class:`AcknowledgementTask`), and the write-once record of each
confirmation (:class:`Acknowledgement`). The rules are in
:mod:`policies.rules`; :mod:`policies.acknowledgements` assigns and records."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.records import WriteOnceModel

from ..rules import task_status
from .documents import PolicyVersion


class AbstractAcknowledgement(WriteOnceModel):
    """Someone's confirmation that they have read one exact version of a policy.

    It is the audit record the company's rules ask for, so it is written once
    and never changed: ``save()`` refuses to update an existing row,
    ``delete()`` raises, and so do the queryset's ``update()``/``delete()``;
    the user and the version are protected from deletion while it exists.
    Subclass this (as :class:`Acknowledgement` does) to record more, such as a
    signature; ``policies.acknowledgements.acknowledge`` is the one place that
    writes rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("员工"), on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    version = models.ForeignKey(
        PolicyVersion, verbose_name=_("制度版本"), on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    changed_message = _("阅读确认记录一经保存不可修改。")
    deleted_message = _("阅读确认记录不可删除。")

    class Meta:
        abstract = True


class Acknowledgement(AbstractAcknowledgement):
    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="acknowledgement_user_version_unique"),
        ]
        verbose_name = _("阅读确认记录")
        verbose_name_plural = _("阅读确认记录")

    def __str__(self):
        return f"{self.user} · {self.version}"


def _covering_acknowledgements():
    """Acknowledgements by a task's user of the task's version or a later one
    of the same policy (acknowledging the current text covers earlier ones)."""
    return Acknowledgement.objects.filter(
        user=models.OuterRef("user"),
        version__page=models.OuterRef("version__page"),
        version__number__gte=models.OuterRef("version__number"),
    )


class AcknowledgementTaskQuerySet(models.QuerySet):
    def acknowledged(self):
        return self.filter(models.Exists(_covering_acknowledgements()))

    def unacknowledged(self):
        return self.exclude(models.Exists(_covering_acknowledgements()))

    def latest_substantive(self):
        """Tasks for the newest substantive version of their policy (a task
        for a version replaced by a newer substantive one is closed)."""
        newer = PolicyVersion.objects.filter(
            page=models.OuterRef("version__page"),
            substantive=True,
            number__gt=models.OuterRef("version__number"),
        )
        return self.exclude(models.Exists(newer))

    def open(self):
        """What people still have to do: the newest substantive version of a
        live, not withdrawn policy, not yet acknowledged."""
        return (
            self.filter(version__page__live=True, version__page__withdrawn=False)
            .latest_substantive()
            .unacknowledged()
        )


class AcknowledgementTask(models.Model):
    """One person's duty to read and acknowledge one substantive version.

    Created when the version is published (for everyone then in scope) and
    when someone joins the scope later; at most one per person and version.
    The status is derived, never stored (see :meth:`get_status`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("员工"), on_delete=models.CASCADE,
        related_name="acknowledgement_tasks",
    )
    version = models.ForeignKey(
        PolicyVersion, verbose_name=_("制度版本"), on_delete=models.CASCADE,
        related_name="acknowledgement_tasks",
    )
    due = models.DateField(_("确认截止日期"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = AcknowledgementTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="acknowledgement_task_user_version_unique"),
        ]
        permissions = [("view_compliance_report", _("可以查看制度确认合规报表"))]
        verbose_name = _("阅读确认任务")
        verbose_name_plural = _("阅读确认任务")

    def __str__(self):
        return f"{self.user} · {self.version}"

    def get_status(self, today=None):
        """pending / overdue / acknowledged / outdated on ``today``."""
        numbers = Acknowledgement.objects.filter(
            user_id=self.user_id, version__page_id=self.version.page_id
        ).values_list("version__number", flat=True)
        return task_status(self.version.number, self.due, list(numbers), today or timezone.localdate())
