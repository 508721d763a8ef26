"""The groups that hold training decisions, and who counts as HR or a trainer.

Groups are data (Wagtail's Groups, managed in 设置 › 用户组); their names are
here once."""
from django.contrib.auth.models import Group

#: 总经理: approves training plans (年度/月度/临时).
GENERAL_MANAGER_GROUP = "总经理"
#: 常务副总: approves each after-sales trainee's plan table 培训计划表.
EXECUTIVE_VP_GROUP = "常务副总"
#: 人资部 / 培训主管机构: runs courses, plans, sessions and the trainer pool.
HR_GROUP = "人资部"


def in_group(user, name):
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=name).exists()


def is_hr(user):
    return in_group(user, HR_GROUP)


def group_members(name):
    group = Group.objects.filter(name=name).first()
    return list(group.user_set.filter(is_active=True)) if group else []
