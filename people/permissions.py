"""Who may do what: one vocabulary.

The company's roles are Django groups (data, managed in 设置 › 用户组); what a
role may do is the set of permissions its group holds. Code asks
``user.has_perm("app.codename")``, never a group's name: the names are
written here once, for the data migrations that grant each group its
permissions (:func:`grant`) and for the demo accounts.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

#: 人资部 / 培训主管机构: runs courses, plans, sessions, grades, reports.
HR = "人资部"
#: 制度编辑: drafts policies and submits them for approval.
POLICY_EDITORS = "制度编辑"
#: 部门审核: the first approval step of a policy.
POLICY_REVIEWERS = "部门审核"
#: 批准 (董事长): the final approval step; publishes.
POLICY_APPROVERS = "批准"
#: 总经理: approves training plans (年度/月度/临时).
GENERAL_MANAGER = "总经理"
#: 常务副总: approves each after-sales trainee's plan table 培训计划表.
EXECUTIVE_VP = "常务副总"
#: 售后部经理: builds after-sales plan tables, gives the field-ability
#: opinion on grade proposals, handles trainees who cannot reach a goal.
AFTER_SALES_MANAGER = "售后部经理"
#: 生产部培训计划编制: draws up production-reserve trainees' plan tables.
PRODUCTION_PLANNERS = "生产部培训计划编制"
#: 阅卷人: marks short answers of written exams.
MARKERS = "阅卷人"
#: 培训管理部门审核: reviews training plans before management approves them
#: (合理性、可行性…) and files developed courses.
TRAINING_OFFICE = "培训管理部门审核"
#: 档案借阅: may ask to borrow a training archive (培训档案借阅); HR approves.
ARCHIVE_BORROWERS = "档案借阅"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")


def permission(apps, app_label, model, codename, name=None):
    """In a data migration: the permission (created if missing)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name or codename}
    )
    return found


def model_permissions(app_label, model, label, actions=("add", "change", "delete", "view")):
    """The standard permissions of a model, as :func:`grant` takes them."""
    return [(app_label, model, f"{action}_{model}", f"Can {action} {label}") for action in actions]


def grant(apps, group_name, permissions):
    """In a data migration: give the group ``group_name`` (created if
    missing) the ``permissions``, each ``(app_label, model, codename, name)``.
    Permissions that do not exist yet are created, as Django's own
    ``post_migrate`` would create them later."""
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*[permission(apps, *spec) for spec in permissions])
    return group


def revoke(apps, group_name, permissions):
    """The reverse of :func:`grant` (the group itself stays)."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*[permission(apps, *spec) for spec in permissions])


def users_with_perm(perm, include_superusers=True):
    """The active users who hold ``perm`` ("app_label.codename") through a
    group or directly (and the superusers, unless told otherwise)."""
    app_label, codename = perm.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    holders = Q(pk__in=[])
    if permission is not None:
        holders = Q(groups__permissions=permission) | Q(user_permissions=permission)
    if include_superusers:
        holders |= Q(is_superuser=True)
    return get_user_model().objects.filter(holders, is_active=True).distinct()
