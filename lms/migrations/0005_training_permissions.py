"""Who may do what in training, as permissions held by the groups (code asks
``user.has_perm``, never a group's name):

- 总经理 approves training plans and sees them;
- 常务副总 approves trainees' plan tables and sees every table;
- 人资部 draws plan tables up and directs them (moves a trainee between
  stages), sees every table, reviews the work summaries after a promotion or
  transfer, and reads the satisfaction surveys' answers. Its permissions on
  plans, needs requests, assignments, sessions and certificates come from
  ``0003_training_groups``."""
from django.db import migrations

from people.permissions import EXECUTIVE_VP, GENERAL_MANAGER, HR, grant, model_permissions, revoke

GENERAL_MANAGER_PERMISSIONS = [
    *model_permissions("lms", "trainingplan", "培训计划", actions=("view",)),
    ("lms", "trainingplan", "approve_trainingplan", "可以审批培训计划"),
]
EXECUTIVE_VP_PERMISSIONS = [
    *model_permissions("lms", "traineeplantable", "培训计划表", actions=("view",)),
    ("lms", "traineeplantable", "approve_traineeplantable", "可以批准培训计划表"),
]
HR_PERMISSIONS = [
    *model_permissions("lms", "traineeplantable", "培训计划表", actions=("add", "change", "view")),
    ("lms", "postchangetraining", "review_postchangetraining", "可以审核晋升/调岗工作总结"),
    *model_permissions("lms", "surveysubmission", "问卷答卷", actions=("view",)),
]


def grant_permissions(apps, schema_editor):
    grant(apps, GENERAL_MANAGER, GENERAL_MANAGER_PERMISSIONS)
    grant(apps, EXECUTIVE_VP, EXECUTIVE_VP_PERMISSIONS)
    grant(apps, HR, HR_PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    revoke(apps, GENERAL_MANAGER, GENERAL_MANAGER_PERMISSIONS)
    revoke(apps, EXECUTIVE_VP, EXECUTIVE_VP_PERMISSIONS)
    revoke(apps, HR, HR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0004_approval_and_review_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
