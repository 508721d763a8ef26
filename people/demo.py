"""The company's departments and job roles, and the demo accounts, one per
role, created by ``setup_demo`` and listed on the login page in demo mode only."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Department, JobRole, Profile

# username, full name, role description, department code, job role code,
# clearance, groups, is_superuser
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", _("管理员（全部权限）"), "hr", "hr", 3, [], True),
    ("hr", "何人资", _("人资部 / 培训主管"), "hr", "hr", 2, ["人资部", "制度编辑"], False),
    ("editor", "叶编辑", _("制度编辑（起草）"), "hr", "hr", 1, ["制度编辑"], False),
    ("reviewer", "任审核", _("部门审核"), "after-sales", "manager", 2, ["部门审核"], False),
    ("approver", "白董事长", _("批准（董事长）"), "office", "manager", 3, ["批准"], False),
    ("employee", "王员工", _("普通员工（公开文件）"), "production", "employee", 0, [], False),
    ("secret", "谢主管", _("售后主管（机密级）"), "after-sales", "manager", 2, ["售后部经理"], False),
    ("trainee", "陈学员", _("售后受训人员"), "after-sales", "trainee", 0, [], False),
    ("trainer", "林培训师", _("培训师"), "technical", "trainer", 1, [], False),
    ("examiner", "高考评", _("实操考评人（品管）"), "quality", "examiner", 1, [], False),
]

DEPARTMENTS = [
    ("office", "总经办"),
    ("hr", "人资部"),
    ("after-sales", "售后部"),
    ("technical", "技术部"),
    ("engineering", "工艺工程部"),
    ("quality", "品管部"),
    ("production", "生产部"),
    ("business", "业务部"),
    ("sales", "销售部"),
]

JOB_ROLES = [
    ("employee", "员工"),
    ("trainee", "受训人员"),
    ("trainer", "培训师"),
    ("examiner", "考评人"),
    ("manager", "部门负责人"),
    ("hr", "人资专员"),
]


def ensure_organisation():
    """The company's departments and job roles (idempotent)."""
    for code, name in DEPARTMENTS:
        Department.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in JOB_ROLES:
        JobRole.objects.get_or_create(code=code, defaults={"name": name})


@transaction.atomic
def create_demo_accounts(password):
    """The demo accounts with their profiles and groups (idempotent: an
    existing account keeps its password). Returns (username, role) pairs."""
    ensure_organisation()
    User = get_user_model()
    rows = []
    for username, full_name, role, dept, job, clearance, groups, superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name[1:], "last_name": full_name[0], "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(password)
        user.is_superuser = user.is_staff = superuser
        user.save()
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "department": Department.objects.get(code=dept),
                "job_role": JobRole.objects.get(code=job),
                "clearance": clearance,
                "employee_no": f"E{user.pk:05d}",
            },
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        rows.append((username, str(role)))
    return rows
