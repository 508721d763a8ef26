"""Who takes which course, by when, and how far they are."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Department, JobRole


class EnrolmentSource(models.TextChoices):
    ONBOARDING = "onboarding", _("入职自动报名")
    ASSIGNED = "assigned", _("人资部指派")
    SELF = "self", _("自主报名")


class EnrolmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("学习中")
    OVERDUE = "overdue", _("已逾期")
    COMPLETED = "completed", _("已完成")


class CourseAssignment(models.Model):
    """HR assigns a course (usually in-service) to people, departments or
    roles with a due date. Saving it through the admin or the HR form runs
    :func:`lms.enrolling.apply_assignment`; people who join an assigned
    department or role later are enrolled when their profile changes (see
    :mod:`lms.signals`)."""

    course = models.ForeignKey(
        "lms.CoursePage", verbose_name=_("课程"), on_delete=models.CASCADE, related_name="assignments"
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("指定人员"), blank=True, related_name="+"
    )
    departments = models.ManyToManyField(Department, verbose_name=_("指定部门"), blank=True, related_name="+")
    roles = models.ManyToManyField(JobRole, verbose_name=_("指定岗位"), blank=True, related_name="+")
    due_date = models.DateField(_("完成期限"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("指派人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("指派时间"), default=timezone.now)

    panels = ["course", "users", "departments", "roles", "due_date", "note"]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("课程指派")
        verbose_name_plural = _("课程指派")

    def __str__(self):
        return f"{self.course} · {self.due_date:%Y-%m-%d}"

    def people(self):
        """Everyone the assignment reaches: the people named, plus the members
        of the departments and of the roles named."""
        condition = Q(pk__in=self.users.values("pk"))
        department_ids = list(self.departments.values_list("pk", flat=True))
        role_ids = list(self.roles.values_list("pk", flat=True))
        if department_ids:
            condition |= Q(profile__department_id__in=department_ids)
        if role_ids:
            condition |= Q(profile__job_role_id__in=role_ids)
        return get_user_model().objects.filter(condition, is_active=True).distinct()


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "lms.CoursePage", verbose_name=_("课程"), on_delete=models.CASCADE, related_name="enrolments"
    )
    source = models.CharField(_("报名方式"), max_length=20, choices=EnrolmentSource.choices)
    assignment = models.ForeignKey(
        CourseAssignment, verbose_name=_("指派"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    exam_passed_at = models.DateTimeField(_("结业考试通过时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="lms_enrolment_user_course_unique"),
        ]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")

    def __str__(self):
        return f"{self.user} · {self.course}"


class LessonProgress(models.Model):
    """Someone completed a lesson; for a policy lesson, which version they read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "lms.CourseLesson", verbose_name=_("课时"), on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField(_("完成时间"), default=timezone.now)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", verbose_name=_("阅读的制度版本"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    policy_version_number = models.PositiveIntegerField(_("阅读的版次"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lms_progress_user_lesson_unique"),
        ]
        verbose_name = _("学习进度")
        verbose_name_plural = _("学习进度")

    def __str__(self):
        return f"{self.user} · {self.lesson}"
