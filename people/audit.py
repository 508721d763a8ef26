"""The HR audit trail (人事审计): who changed a person's department, job
role, clearance or 绝密 readership, and — registered by the apps that own
them — every grade decision and pay-relevant figure.

Entries are Wagtail's log entries (``wagtail.log_actions.log``): in the admin
the acting user comes from Wagtail's log context; elsewhere it is passed.
:func:`profile_changes` is the pure rule (what changed between two states);
``Profile.save`` calls :func:`log_profile_changes`. Other apps add their
action names through the :data:`AUDIT_ACTIONS_HOOK` hook (a function
returning action names), and the report (报表 › 人事审计) lists them all."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

#: A hook returning the action names that belong in the HR audit report.
AUDIT_ACTIONS_HOOK = "register_hr_audit_actions"
#: The permission that opens the report.
REPORT_PERMISSION = "people.view_hr_audit"

DEPARTMENT_ACTION = "people.department_changed"
JOB_ROLE_ACTION = "people.job_role_changed"
CLEARANCE_ACTION = "people.clearance_changed"
TOP_SECRET_ACTION = "people.top_secret_readership"
TOP_SECRET = 3

ACTIONS = {
    DEPARTMENT_ACTION: (_("部门变更"), _("人员部门变更")),
    JOB_ROLE_ACTION: (_("岗位变更"), _("人员岗位变更")),
    CLEARANCE_ACTION: (_("涉密等级变更"), _("人员涉密等级变更")),
    TOP_SECRET_ACTION: (_("绝密阅读权限变更"), _("授予或撤销绝密文件阅读权限")),
}


def profile_changes(before, after):
    """[(action, data)] for what changed from ``before`` to ``after`` (dicts
    with department, job_role, clearance as labels/ints; ``before`` None for
    a new profile, whose clearance counts as a grant)."""
    before = before or {"department": None, "job_role": None, "clearance": 0}
    changes = []
    for key, action in (("department", DEPARTMENT_ACTION), ("job_role", JOB_ROLE_ACTION),
                        ("clearance", CLEARANCE_ACTION)):
        if before[key] != after[key]:
            changes.append((action, {"field": key, "from": before[key], "to": after[key]}))
    was, now = (before["clearance"] or 0) >= TOP_SECRET, (after["clearance"] or 0) >= TOP_SECRET
    if was != now:
        changes.append((TOP_SECRET_ACTION, {"granted": now}))
    return changes


def profile_state(profile):
    return {
        "department": str(profile.department) if profile.department_id else None,
        "job_role": str(profile.job_role) if profile.job_role_id else None,
        "clearance": profile.clearance,
    }


def log_profile_changes(profile, before, user=None):
    """Log each change of ``profile`` (``before``: :func:`profile_state` of
    the row before it was saved, None if new)."""
    for action, data in profile_changes(before, profile_state(profile)):
        log(instance=profile, action=action, user=user, data={**data, "person": profile.user.get_username()})


def audited_actions():
    """Every action name the HR audit report lists."""
    names = list(ACTIONS)
    for fn in hooks.get_hooks(AUDIT_ACTIONS_HOOK):
        names.extend(fn())
    return names
