"""Records written once: audit trails (acknowledgements, signed plan-table
entries, submitted score sheets) that the product never changes or deletes.

Subclass :class:`WriteOnceModel` and set ``changed_message`` and
``deleted_message``; ``save()`` of an existing row, ``delete()`` and the
queryset's ``update()``, ``bulk_update()`` and ``delete()`` all raise
:class:`ImmutableRecordError` with them."""
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableRecordError(PermissionDenied):
    """Raised on any attempt to change or delete a write-once record."""


class WriteOnceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(self.model.changed_message)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecordError(self.model.changed_message)

    def delete(self):
        raise ImmutableRecordError(self.model.deleted_message)

    delete.alters_data = True
    delete.queryset_only = True


class WriteOnceModel(models.Model):
    changed_message = _("记录一经保存不可修改。")
    deleted_message = _("记录不可删除。")

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(self.changed_message)
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        return super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(self.deleted_message)

    delete.alters_data = True
