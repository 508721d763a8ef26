"""The training groups and HR's permissions on the LMS's admin screens:
人资部 (HR, runs courses, plans, sessions, the trainer pool), 总经理 (approves
training plans) and 常务副总 (approves trainees' plan tables)."""
from django.db import migrations

from people.permissions import ACCESS_ADMIN, EXECUTIVE_VP, GENERAL_MANAGER, HR, grant, model_permissions

HR_MODELS = {
    "trainingplan": "培训计划", "trainingneedsrequest": "培训需求申请表", "courseassignment": "课程指派",
    "postchangetraining": "晋升/调岗培训", "trainingsession": "培训课堂", "trainer": "培训师",
    "certificate": "结业证书",
}


def create_groups(apps, schema_editor):
    permissions = [ACCESS_ADMIN]
    for model, label in HR_MODELS.items():
        permissions += model_permissions("lms", model, label)
    permissions += model_permissions("lms", "trainingsettings", "培训设置", actions=("change", "view"))
    grant(apps, HR, permissions)
    grant(apps, GENERAL_MANAGER, [])
    grant(apps, EXECUTIVE_VP, [])


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
