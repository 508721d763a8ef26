"""The company's departments and job roles, and the demo accounts, one per
role, created by ``setup_demo`` and listed on the login page in demo mode only."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import CustomerOrganisation, Department, ExternalTrainee, JobRole, Profile
from .permissions import (
    AFTER_SALES_MANAGER,
    EXECUTIVE_VP,
    GENERAL_MANAGER,
    HR,
    MARKERS,
    POLICY_APPROVERS,
    POLICY_EDITORS,
    POLICY_REVIEWERS,
    TRAINING_OFFICE,
)

# username, full name, role description, department code, job role code,
# clearance, groups, is_superuser
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", _("管理员（全部权限）"), "hr", "hr", 3, [], True),
    ("hr", "何人资", _("人资部 / 培训主管"), "hr", "hr", 2, [HR, POLICY_EDITORS], False),
    ("editor", "叶编辑", _("制度编辑（起草）"), "hr", "hr", 1, [POLICY_EDITORS], False),
    ("reviewer", "任审核", _("部门审核"), "after-sales", "manager", 2, [POLICY_REVIEWERS], False),
    ("approver", "白董事长", _("批准（董事长）"), "office", "manager", 3, [POLICY_APPROVERS], False),
    ("evp", "赵常务", _("常务副总（审批培训计划表）"), "office", "manager", 3, [EXECUTIVE_VP], False),
    ("gm", "张总经理", _("总经理（审批培训计划）"), "office", "manager", 3, [GENERAL_MANAGER], False),
    ("employee", "王员工", _("普通员工（公开文件）"), "production", "employee", 0, [], False),
    ("secret", "谢主管", _("售后主管（机密级）"), "after-sales", "manager", 2, [AFTER_SALES_MANAGER], False),
    ("trainee", "陈学员", _("售后受训人员（培训中）"), "after-sales", "trainee", 0, [], False),
    ("newcomer", "刘新", _("售后受训人员（新入职，计划表待审批）"), "after-sales", "trainee", 0, [], False),
    ("trainer", "林培训师", _("培训师"), "technical", "trainer", 1, [], False),
    ("examiner", "高考评", _("实操考评人（品管）"), "quality", "examiner", 1, [], False),
]

# One head 部门负责人 per department besides 总经办 (whose head is ``gm``): they
# review policies (部门审核) and sit on the practical-exam panel.
# username, full name, department code
DEPARTMENT_HEADS = [
    ("head_hr", "孙丽华", "hr"),
    ("head_aftersales", "周建国", "after-sales"),
    ("head_technical", "吴志强", "technical"),
    ("head_engineering", "郑海峰", "engineering"),
    ("head_quality", "冯雪梅", "quality"),
    ("head_production", "马德胜", "production"),
    ("head_business", "胡晓东", "business"),
    ("head_sales", "郭晨", "sales"),
]

#: The head of HR reviews training plans and files courses for the training-management department.
TRAINING_OFFICE_DEPARTMENT = "hr"

#: The technical departments set the written exam, so their heads mark its short answers.
MARKING_DEPARTMENTS = ("technical", "engineering")

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


def department_head_accounts():
    """The heads' rows, in the shape of :data:`DEMO_ACCOUNTS`."""
    names = dict(DEPARTMENTS)
    return [(username, full_name, _("%(department)s负责人") % {"department": names[dept]}, dept, "manager", 2,
             [POLICY_REVIEWERS, *([MARKERS] if dept in MARKING_DEPARTMENTS else []),
              *([TRAINING_OFFICE] if dept == TRAINING_OFFICE_DEPARTMENT else [])], False)
            for username, full_name, dept in DEPARTMENT_HEADS]


#: The demo customer (客户单位) whose staff the company trains, and its two
#: trainees: users who are not employees (no profile, see people.external).
CUSTOMER_ORGANISATION = {"name": "华东精密机械有限公司", "contact_name": "钱经理",
                         "contact_email": "contact@customer.example.com", "contact_phone": "0571-88880000"}
# username, full name, role description, position
CUSTOMER_ACCOUNTS = [
    ("customer1", "李明", _("客户学员（华东精密，只见本人参加的培训）"), "设备操作员"),
    ("customer2", "张华", _("客户学员（华东精密）"), "维修技术员"),
]


def create_customer_accounts(password):
    """The demo customer and its trainees (idempotent). Returns (username, role) pairs."""
    User = get_user_model()
    organisation, _created = CustomerOrganisation.objects.get_or_create(
        name=CUSTOMER_ORGANISATION["name"], defaults=CUSTOMER_ORGANISATION)
    rows = []
    for username, full_name, role, position in CUSTOMER_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": full_name[1:], "last_name": full_name[0], "email": f"{username}@customer.example.com"})
        if created:
            user.set_password(password)
            user.save()
        ExternalTrainee.objects.get_or_create(user=user, defaults={"organisation": organisation,
                                                                   "position": position})
        rows.append((username, str(role)))
    return rows


def all_demo_accounts():
    return DEMO_ACCOUNTS + department_head_accounts()


@transaction.atomic
def create_demo_accounts(password):
    """The demo accounts with their profiles and groups (idempotent: an
    existing account keeps its password). Returns (username, role) pairs."""
    ensure_organisation()
    User = get_user_model()
    rows = []
    for username, full_name, role, dept, job, clearance, groups, superuser in all_demo_accounts():
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
    # Each department's head is its 部门负责人 account (总经办's: the general
    # manager), unless a real head is already recorded.
    for username, dept in [(u, d) for u, _name, d in DEPARTMENT_HEADS] + [("gm", "office")]:
        Department.objects.filter(code=dept, head__isnull=True).update(head=User.objects.get(username=username))
    return rows + create_customer_accounts(password)
