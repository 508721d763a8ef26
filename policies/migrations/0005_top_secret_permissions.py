"""The approvers (批准, the company's general manager's office) name the
readers of 绝密 policies and approve each copy; HR may read the register."""
from django.db import migrations

from people.permissions import ACCESS_ADMIN, HR, POLICY_APPROVERS, grant, model_permissions, revoke

READERS = model_permissions("policies", "topsecretreader", "top secret reader")
COPIES = model_permissions("policies", "topsecretcopy", "top secret copy", actions=("add", "view"))
VIEW_REGISTER = model_permissions("policies", "topsecretcopy", "top secret copy", actions=("view",))


def forwards(apps, schema_editor):
    grant(apps, POLICY_APPROVERS, [ACCESS_ADMIN, *READERS, *COPIES])
    grant(apps, HR, VIEW_REGISTER)


def backwards(apps, schema_editor):
    revoke(apps, POLICY_APPROVERS, [*READERS, *COPIES])
    revoke(apps, HR, VIEW_REGISTER)


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0004_top_secret_readers_and_copies"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
