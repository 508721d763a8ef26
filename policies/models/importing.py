"""An import batch: the files HR uploaded in the admin, kept until HR has
decided, document by document, what to adopt (see ``policies.admin.importing``)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        IMPORTED = "imported", _("已导入")

    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    # What the import did: {"documents": [{"uid", "title", "action", "number", "page_id", "reason",
    # "submitted"}]}, for the batch's page after the import.
    result = models.JSONField(_("导入结果"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("import_policies", _("可以导入制度文件"))]
        verbose_name = _("制度导入批次")
        verbose_name_plural = _("制度导入批次")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} · {', '.join(f.name for f in self.files.all())}"


class ImportBatchFile(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("内容"))
    # Source line numbers where HR split a detected document in two (each
    # starts a new document, its title): see policies.importing.batches.split.
    split_lines = models.JSONField(_("拆分行"), default=list, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("导入文件")
        verbose_name_plural = _("导入文件")

    def __str__(self):
        return self.name
