"""What the grade decision needs to know about a person, and the tokens
payroll systems use to read grades and pay.

:class:`QualificationRecord` holds a person's C原则 qualifications (education,
product series, years, repair certificate) and pay track, kept by HR; the
decision flow (:mod:`assessments.proposals`) reads it when it proposes a
grade. :class:`PayrollAPIToken` authenticates the read-only payroll API
(:mod:`assessments.api`): only a hash of the token is stored, the token
itself is shown once when it is created."""
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel
from wagtail.log_actions import log

from people.models import person_name

from ..terms.qualification import Qualification
from ..terms.vocabulary import Education, Track

PAYROLL_PERMISSION = "assessments.use_payroll_api"
QUALIFICATION_ACTION = "assessments.qualification_changed"
TOKEN_PREFIX = "pay_"


class QualificationRecord(models.Model):
    """资格条件档案: a person's qualifications and pay track, as HR has verified them."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                                  related_name="qualification_record")
    education = models.CharField(_("学历"), max_length=30, choices=Education.choices)
    product_series = models.PositiveSmallIntegerField(_("熟练产品系列数"), default=0)
    years_experience = models.DecimalField(_("从业年限"), max_digits=5, decimal_places=2, default=0,
                                           validators=[MinValueValidator(0), MaxValueValidator(999)])
    repair_certificate = models.BooleanField(_("持有维修资质证书"), default=False)
    track = models.CharField(_("薪资类别"), max_length=30, choices=Track.choices, default=Track.FULL_TIME)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        "person",
        FieldRowPanel(["education", "repair_certificate"]),
        FieldRowPanel(["product_series", "years_experience"]),
        "track",
    ]

    class Meta:
        ordering = ["person__username"]
        verbose_name = _("资格条件档案")
        verbose_name_plural = _("资格条件档案")

    def __str__(self):
        return person_name(self.person)

    #: The pay-relevant figures whose every change goes to the HR audit trail.
    AUDITED_FIELDS = ("education", "product_series", "years_experience", "repair_certificate", "track")

    def save(self, *args, **kwargs):
        """Saves, and logs each changed pay-relevant figure (who, from, to) in
        the HR audit trail (``people.audit``, action ``QUALIFICATION_ACTION``)."""
        before = None
        if self.pk is not None:
            before = type(self).objects.filter(pk=self.pk).values(*self.AUDITED_FIELDS).first()
        super().save(*args, **kwargs)
        changes = {name: {"from": str(before[name]) if before else None, "to": str(getattr(self, name))}
                   for name in self.AUDITED_FIELDS if before is None or before[name] != getattr(self, name)}
        if changes:
            log(instance=self, action=QUALIFICATION_ACTION,
                data={"person": self.person.get_username(), "changes": changes})

    @property
    def qualification(self):
        return Qualification(self.education, self.product_series, self.years_experience,
                             self.repair_certificate)


def hash_token(token):
    """The stored form of a token: its SHA-256 hex digest (tokens are random
    and long, so a slow password hash adds nothing)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class PayrollAPITokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class PayrollAPIToken(models.Model):
    """薪资接口令牌. Create one with :meth:`issue` (the admin and the
    ``create_payroll_token`` command do): it returns the token once; only
    its hash is stored. Revoked or expired tokens are refused (401)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("持有人"), on_delete=models.CASCADE,
                             related_name="payroll_tokens")
    name = models.CharField(_("用途"), max_length=100, help_text=_("例如：薪资系统月度同步。"))
    prefix = models.CharField(_("令牌前缀"), max_length=16, editable=False,
                              help_text=_("令牌的前几位，便于辨认；完整令牌不保存。"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True, help_text=_("留空则长期有效，直至撤销。"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = PayrollAPITokenQuerySet.as_manager()

    panels = ["user", "name", "expires_at"]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("薪资接口令牌")
        verbose_name_plural = _("薪资接口令牌")

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def clean(self):
        super().clean()
        if self.user_id and not may_hold_payroll_token(self.user):
            raise ValidationError({"user": _("只有具有“可以持有薪资接口令牌”权限的人资部人员可以持有薪资接口令牌。")})

    def set_new_token(self):
        """Give this (unsaved) record a fresh random token; returns the token,
        which is not stored anywhere and cannot be shown again."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix = token[:len(TOKEN_PREFIX) + 6]
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def issue(cls, user, name, *, expires_at=None, created_by=None):
        """Create a token for ``user``; returns ``(record, token)``. Raises
        ValidationError if ``user`` may not hold one."""
        record = cls(user=user, name=name, expires_at=expires_at, created_by=created_by)
        token = record.set_new_token()
        record.full_clean()
        record.save()
        return record, token

    def revoke(self, now=None):
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            type(self).objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=self.revoked_at)


def may_hold_payroll_token(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(PAYROLL_PERMISSION)))
