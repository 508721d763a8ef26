"""Signed plan-table entries and the plan table's audit trail are refused
UPDATE and DELETE by the database itself (people.records.write_once_triggers);
a correction is a new entry that ``corrects`` the old one."""
from django.db import migrations

from people.records import write_once_triggers


class Migration(migrations.Migration):
    dependencies = [("lms", "0005_training_permissions")]

    operations = [
        write_once_triggers(
            {"table": "lms_planentry", "update": True, "delete": True},
            {"table": "lms_planevent", "update": True, "delete": True},
        )
    ]
