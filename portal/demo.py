"""Demo accounts, one per role, created by ``setup_demo`` and listed on the
login page in demo mode only."""
from django.utils.translation import gettext_lazy as _

# username, full name, role description, department code, job role code,
# clearance, groups, is_superuser
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", _("管理员（全部权限）"), "hr", "hr", 3, [], True),
    ("hr", "何人资", _("人资部 / 培训主管"), "hr", "hr", 2, ["人资部", "制度编辑"], False),
    ("editor", "叶编辑", _("制度编辑（起草）"), "hr", "hr", 1, ["制度编辑"], False),
    ("reviewer", "任审核", _("部门审核"), "after-sales", "manager", 2, ["部门审核"], False),
    ("approver", "白董事长", _("批准（董事长）"), "office", "manager", 3, ["批准"], False),
    ("employee", "王员工", _("普通员工（公开文件）"), "production", "employee", 0, [], False),
    ("secret", "谢主管", _("售后主管（机密级）"), "after-sales", "manager", 2, [], False),
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
