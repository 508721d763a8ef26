"""What the LMS does when the organisation or the policies change (the apps
below cannot call it):

- a new employee (a profile that gets a department for the first time) is
  enrolled in their department's onboarding courses;
- someone joining a department or role gets its open HR assignments;
- a trainee who changes department: their plan table records the move;
- a new substantive policy version tells the people whose policy lesson it
  reopens (the reopening itself is derived, see :mod:`lms.progress`)."""
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from people.models import Profile
from policies.models import PolicyVersion

from . import enrolling, traineeship
from .models import LessonProgress
from .notifying import notify_user


@receiver(pre_save, sender=Profile)
def remember_previous_post(sender, instance, raw=False, **kwargs):
    previous = None
    if instance.pk and not raw:
        previous = Profile.objects.filter(pk=instance.pk).values("department_id", "job_role_id").first()
    instance._lms_previous = previous or {"department_id": None, "job_role_id": None}


@receiver(post_save, sender=Profile)
def enrol_on_joining(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_lms_previous", {"department_id": None, "job_role_id": None})
    department_changed = previous["department_id"] != instance.department_id
    role_changed = previous["job_role_id"] != instance.job_role_id
    if previous["department_id"] is None and instance.department_id is not None:
        enrolling.enrol_new_employee(instance)
    if department_changed or role_changed:
        enrolling.enrol_in_open_assignments(instance)
    if department_changed and previous["department_id"] is not None:
        traineeship.record_transfer(instance, previous["department_id"])


@receiver(post_save, sender=PolicyVersion)
def tell_readers_of_reopened_lessons(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.number <= 1 or not instance.substantive:
        return
    version = instance
    transaction.on_commit(lambda: notify_reopened(version))


def notify_reopened(version):
    stale = (
        LessonProgress.objects.filter(lesson__policy_id=version.page_id,
                                      policy_version_number__lt=version.number)
        .select_related("lesson__page", "user")
    )
    for progress in stale:
        lesson = progress.lesson
        notify_user(
            progress.user,
            key=f"lms-lesson-reopened:{lesson.pk}:{progress.user_id}:{version.number}",
            title=_("制度已修订，请重新学习：%s") % lesson.title,
            body=_("《%(policy)s》发布了第 %(n)d 版，课程《%(course)s》中的该课时需重新阅读。") % {
                "policy": version.title, "n": version.number, "course": lesson.page.title},
            url=lesson.get_url(),
        )
