"""People and organisation shared by every app: departments, job roles,
each employee's profile (department, role, clearance) and notifications."""
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit


class Confidentiality(models.IntegerChoices):
    """密级, lowest first. A reader's clearance must reach a document's level."""

    PUBLIC = 0, _("公开")
    SECRET = 1, _("秘密")
    CONFIDENTIAL = 2, _("机密")
    TOP_SECRET = 3, _("绝密")


class Department(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.SlugField(_("代码"), max_length=50, unique=True, allow_unicode=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("部门负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self):
        return self.name


class JobRole(models.Model):
    """岗位/角色 used to scope policies and courses (员工, 受训人员, 培训师 …)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.SlugField(_("代码"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self):
        return self.name


class ProfileQuerySet(models.QuerySet):
    """Bulk changes of the audited fields are audited too: ``update()`` (and
    ``bulk_update()``, which Django runs through ``update()``) reads the rows
    it changes before and after, in one transaction, and logs every change of
    department, job role, clearance or 绝密 readership as ``Profile.save``
    does. Nothing changes these fields silently."""

    AUDITED_FIELDS = frozenset({"department", "department_id", "job_role", "job_role_id", "clearance"})

    def update(self, **kwargs):
        if not self.AUDITED_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            rows = self.select_related("department", "job_role").select_for_update(of=("self",))
            before = {row.pk: audit.profile_state(row) for row in rows}
            count = super().update(**kwargs)
            changed = Profile.objects.filter(pk__in=before).select_related("department", "job_role", "user")
            for profile in changed:
                audit.log_profile_changes(profile, before[profile.pk])
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        """Created in bulk, each profile's clearance is logged as a grant, as
        ``Profile.save`` logs a new profile's."""
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            for profile in created:
                if profile.pk is not None:
                    audit.log_profile_changes(profile, None)
        return created

    bulk_create.alters_data = True


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    employee_no = models.CharField(_("工号"), max_length=30, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.SET_NULL
    )
    job_role = models.ForeignKey(
        JobRole, verbose_name=_("岗位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    clearance = models.IntegerField(
        _("涉密等级"), choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("员工档案")
        verbose_name_plural = _("员工档案")
        permissions = [
            ("unlock_login", _("可解锁被锁定的登录")),
            ("view_hr_audit", _("可以查看人事审计日志")),
            ("requires_second_factor", _("登录须验证动态口令")),
        ]

    def __str__(self):
        return str(self.user)

    def save(self, *args, **kwargs):
        """Saves, and logs any change of department, job role, clearance or
        绝密 readership in the HR audit trail (``people.audit``)."""
        before = None
        if self.pk is not None:
            row = Profile.objects.filter(pk=self.pk).select_related("department", "job_role").first()
            before = audit.profile_state(row) if row is not None else None
        super().save(*args, **kwargs)
        audit.log_profile_changes(self, before)


def person_name(user):
    """A person's name as Chinese writes it (姓 then 名, no space), falling
    back to the username."""
    if user is None:
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if not (first or last):
        return user.get_username()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def profile_of(user):
    """The user's profile, or None for anonymous users and users without one."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


class Notification(models.Model):
    """A message in a person's in-portal notification list (通知), usually
    also sent by email. ``dedupe_key`` makes sending idempotent: a message
    with the same key is never created, nor emailed, twice (see
    ``people.notifications.notify``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class OutboxMessage(models.Model):
    """Something to deliver (an announcement, a batch of mail), recorded in
    the same transaction as what caused it, so a broker outage delays it and
    loses nothing: after the commit it is handed to a worker, and a periodic
    sweep delivers whatever is still pending (see ``people.outbox``)."""

    task = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("参数"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["delivered_at", "created_at"], name="outbox_pending")]
        verbose_name = _("待发通知")
        verbose_name_plural = _("待发通知")

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
