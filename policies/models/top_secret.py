"""绝密 documents: who may read one, and the register of their copies.

The company's rule (001): 绝密 material is for the people the (deputy)
general manager names, and "may not be copied or excerpted without approval".
So a 绝密 policy is readable only by the people named on it
(:class:`TopSecretReader`, besides the clearance; ``policies.access``), and
every PDF or printed copy is a grant for one person and one copy
(:class:`TopSecretCopy`): the copy carries the reader's name and its number,
and the grants are the register (登记簿). Naming, removal, grants and issues
are logged on the policy (``policies.top_secret``)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import person_name
from people.records import ImmutableRecordError


class TopSecretReaderQuerySet(models.QuerySet):
    """A reader is named or removed (``policies.top_secret``, each logged on
    the policy), never edited: ``update()`` and ``bulk_update()`` would
    change who reads a 绝密 policy without a trace, so they are refused."""

    def update(self, **kwargs):
        raise ImmutableRecordError(_("绝密文件阅读人只能指定或撤销，不能直接修改。"))

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        # refused before Django opens its transaction, so the caller's stays usable
        return self.update()

    bulk_update.alters_data = True


class TopSecretReader(models.Model):
    """A person named on a 绝密 policy: they may read it (with the clearance)."""

    policy = models.ForeignKey("policies.PolicyPage", verbose_name=_("制度"), on_delete=models.CASCADE,
                               related_name="top_secret_readers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("阅读人"), on_delete=models.CASCADE,
                             related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("指定人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    named_at = models.DateTimeField(_("指定时间"), default=timezone.now)

    objects = TopSecretReaderQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "user"], name="top_secret_reader_once")]
        verbose_name = _("绝密文件阅读人")
        verbose_name_plural = _("绝密文件阅读人")

    def __str__(self):
        return f"{person_name(self.user)} · {self.policy_id}"


class TopSecretCopy(models.Model):
    """One approved copy (PDF or print) of a 绝密 policy for one reader: the
    copy register. ``issued_at`` is set when the copy is made; a used grant
    never gives a second copy."""

    policy = models.ForeignKey("policies.PolicyPage", verbose_name=_("制度"), on_delete=models.PROTECT,
                               related_name="top_secret_copies")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("领取人"), on_delete=models.PROTECT,
                               related_name="+")
    copy_number = models.PositiveIntegerField(_("份号"))
    reason = models.CharField(_("用途"), max_length=200, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT,
                                   related_name="+")
    granted_at = models.DateTimeField(_("批准时间"), default=timezone.now)
    issued_at = models.DateTimeField(_("制作时间"), null=True, blank=True)
    version_number = models.PositiveIntegerField(_("版本"), null=True, blank=True)

    class Meta:
        ordering = ["policy_id", "copy_number"]
        constraints = [models.UniqueConstraint(fields=["policy", "copy_number"], name="top_secret_copy_number")]
        verbose_name = _("绝密文件副本")
        verbose_name_plural = _("绝密文件副本登记")

    def __str__(self):
        return f"{self.policy_id} · {self.copy_number}"
