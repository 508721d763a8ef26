"""人资部 runs customer training: it keeps the customer organisations and
their trainees, invites trainees, and sends each customer its evaluation
report (and reads the log of reports sent)."""
from django.db import migrations

from people.permissions import HR, grant, model_permissions, revoke

HR_PERMISSIONS = [
    *model_permissions("people", "customerorganisation", "客户单位"),
    *model_permissions("people", "externaltrainee", "客户学员"),
    *model_permissions("people", "traineeinvitation", "学员邀请"),
    ("people", "customerorganisation", "send_customer_report", "可以向客户发送培训评估报告"),
    *model_permissions("lms", "customerreport", "客户评估报告发送记录", actions=("view",)),
]


def grant_permissions(apps, schema_editor):
    grant(apps, HR, HR_PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    revoke(apps, HR, HR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0008_customer_sessions_and_reports"),
        ("people", "0005_customer_trainees"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
