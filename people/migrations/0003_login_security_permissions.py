"""Login security: HR may unlock locked-out logins; HR and the approvers
must verify a second factor when the portal requires one."""
from django.db import migrations

from people.permissions import HR, POLICY_APPROVERS, grant, revoke

UNLOCK = ("people", "profile", "unlock_login", "可解锁被锁定的登录")
SECOND_FACTOR = ("people", "profile", "requires_second_factor", "登录须验证动态口令")


def forwards(apps, schema_editor):
    grant(apps, HR, [UNLOCK, SECOND_FACTOR])
    grant(apps, POLICY_APPROVERS, [SECOND_FACTOR])


def backwards(apps, schema_editor):
    revoke(apps, HR, [UNLOCK, SECOND_FACTOR])
    revoke(apps, POLICY_APPROVERS, [SECOND_FACTOR])


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_notification_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="profile",
            options={
                "permissions": [("unlock_login", "可解锁被锁定的登录"), ("requires_second_factor", "登录须验证动态口令")],
                "verbose_name": "员工档案",
                "verbose_name_plural": "员工档案",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
