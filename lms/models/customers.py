"""Customer training records of the LMS: the evaluation reports sent to a
customer's contact (002 七(三)), one row per sending."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CustomerReport(models.Model):
    """An evaluation report (培训评估报告) of a customer's trainees sent to
    its contact: who sent it, to whom, when, how many trainees it covered."""

    organisation = models.ForeignKey("people.CustomerOrganisation", verbose_name=_("客户单位"),
                                     on_delete=models.CASCADE, related_name="reports")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_to = models.EmailField(_("发送至"))
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    trainees = models.PositiveIntegerField(_("学员人数"), default=0)
    filename = models.CharField(_("文件名"), max_length=200)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("客户评估报告发送记录")
        verbose_name_plural = _("客户评估报告发送记录")

    def __str__(self):
        return f"{self.organisation} · {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"
