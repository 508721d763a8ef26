"""The company's publication chain as a Wagtail workflow: 部门审核 → 批准.

Creates the editor, reviewer and approver groups with their page permissions
and assigns the workflow to the root page, so every policy goes through it;
HR may open the acknowledgement compliance reports."""
from django.db import migrations

from people.permissions import (
    ACCESS_ADMIN,
    HR,
    POLICY_APPROVERS,
    POLICY_EDITORS,
    POLICY_REVIEWERS,
    grant,
    permission,
    revoke,
)

WORKFLOW_NAME = "制度发布审批（部门审核 → 批准）"
PAGE_PERMISSIONS = {
    # group: page permissions on the whole tree
    POLICY_EDITORS: ["add_page", "change_page"],
    POLICY_REVIEWERS: ["change_page"],
    POLICY_APPROVERS: ["change_page", "publish_page"],
}
TASKS = [("部门审核", POLICY_REVIEWERS), ("批准", POLICY_APPROVERS)]
COMPLIANCE_REPORT = ("policies", "acknowledgementtask", "view_compliance_report", "可以查看制度确认合规报表")


def create_workflow(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root = Page.objects.filter(depth=1).first()
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group = grant(apps, name, [ACCESS_ADMIN])
        for codename in codenames:
            page_permission = permission(apps, "wagtailcore", "page", codename, codename.replace("_", " "))
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=page_permission)
        groups[name] = group

    task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (task_name, group_name) in enumerate(TASKS):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, content_type=task_ct, active=True)
        task.groups.set([groups[group_name]])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    grant(apps, HR, [ACCESS_ADMIN, COMPLIANCE_REPORT])


def remove_report_permission(apps, schema_editor):
    revoke(apps, HR, [COMPLIANCE_REPORT])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_report_permission)]
