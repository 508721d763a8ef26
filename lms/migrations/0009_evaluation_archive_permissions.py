"""Who may do what with evaluations and archives (002 七、八), as
permissions held by groups (code asks ``user.has_perm``):

- 人资部 keeps the archives (views them, files uploads, approves loans and
  sees the loans' register, which nobody edits in the admin), records skill
  observations and business-impact indicators, and sends evaluation reports;
- 档案借阅 (a new group; HR adds people in 设置 › 用户组) may ask to borrow
  an archive. Any other group can be given either permission the same way."""
from django.db import migrations

from people.permissions import ARCHIVE_BORROWERS, HR, grant, model_permissions, revoke

HR_PERMISSIONS = [
    *model_permissions("lms", "trainingarchive", "培训档案"),
    ("lms", "trainingarchive", "approve_archiveloan", "可以审批培训档案借阅"),
    ("lms", "trainingarchive", "borrow_trainingarchive", "可以申请借阅培训档案"),
    *model_permissions("lms", "archiveloan", "档案借阅", actions=("view",)),
    *model_permissions("lms", "skillobservation", "技能应用观察"),
    *model_permissions("lms", "impactindicator", "业务影响指标"),
    *model_permissions("lms", "evaluationreportsend", "培训评估报告发送记录", actions=("view",)),
    ("lms", "evaluationreportsend", "send_evaluationreport", "可以发送培训评估报告"),
]
BORROWER_PERMISSIONS = [("lms", "trainingarchive", "borrow_trainingarchive", "可以申请借阅培训档案")]


def grant_permissions(apps, schema_editor):
    grant(apps, HR, HR_PERMISSIONS)
    grant(apps, ARCHIVE_BORROWERS, BORROWER_PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    revoke(apps, HR, HR_PERMISSIONS)
    revoke(apps, ARCHIVE_BORROWERS, BORROWER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0008_evaluation_and_archives"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
