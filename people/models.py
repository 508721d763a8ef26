"""People and organisation shared by every app: departments, job roles,
each employee's profile (department, role, clearance) and notifications."""
from django.conf import settings
from django.core.exceptions import ValidationError
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


class QueuedMail(models.Model):
    """An email with its attachment, kept until it is sent: the cause (a
    report sent to a customer, a session notice with its calendar invitation)
    stores it in its own transaction and queues its sending in the outbox, so
    an SMTP or broker outage delays the mail and loses nothing, and the copy
    sent is the copy kept (``people.mailing``)."""

    subject = models.CharField(_("主题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    to = models.JSONField(_("收件人"), default=list)
    attachment = models.FileField(_("附件"), upload_to="mail/%Y/%m/", blank=True)
    attachment_name = models.CharField(_("附件文件名"), max_length=200, blank=True)
    attachment_type = models.CharField(_("附件类型"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


# ---- customers' trainees (客户培训: external trainees) -------------------------


class CustomerOrganisation(models.Model):
    """A customer whose staff the company trains (客户单位), with the contact
    person who is told of sessions, lateness and absence, and receives the
    evaluation report."""

    name = models.CharField(_("客户单位名称"), max_length=200, unique=True)
    contact_name = models.CharField(_("联系人"), max_length=100)
    contact_email = models.EmailField(_("联系人邮箱"))
    contact_phone = models.CharField(_("联系人电话"), max_length=40, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("客户单位")
        verbose_name_plural = _("客户单位")
        permissions = [("send_customer_report", _("可以向客户发送培训评估报告"))]

    def __str__(self):
        return self.name


class ExternalTrainee(models.Model):
    """A customer's trainee (客户学员): a user of the portal who is not an
    employee. They have no employee profile and see only the trainings
    they take part in (``people.external``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE,
                                related_name="external_trainee")
    organisation = models.ForeignKey(CustomerOrganisation, verbose_name=_("客户单位"), on_delete=models.PROTECT,
                                     related_name="trainees")
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["organisation", "user__username"]
        verbose_name = _("客户学员")
        verbose_name_plural = _("客户学员")

    def __str__(self):
        return f"{person_name(self.user)}（{self.organisation}）"

    def clean(self):
        super().clean()
        if self.user_id and Profile.objects.filter(user_id=self.user_id).exists():
            raise ValidationError({"user": _("该账号是公司员工，不能设为客户学员。")})

    def name(self):
        return person_name(self.user)

    name.short_description = _("姓名")

    def email(self):
        return self.user.email

    email.short_description = _("邮箱")


class TraineeInvitation(models.Model):
    """An invitation by email to a customer's trainee: the link carries a
    token (only its hash is stored), works once and until ``expires_at``;
    accepting it creates the account with the password the trainee sets."""

    organisation = models.ForeignKey(CustomerOrganisation, verbose_name=_("客户单位"), on_delete=models.CASCADE,
                                     related_name="invitations")
    email = models.EmailField(_("邮箱"))
    full_name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("邀请人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建的账号"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("学员邀请")
        verbose_name_plural = _("学员邀请")

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def state(self, now=None):
        if self.accepted_at:
            return _("已接受")
        if (now or timezone.now()) >= self.expires_at:
            return _("已过期")
        return _("待接受")

    state.short_description = _("状态")

