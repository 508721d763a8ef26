"""Acknowledgements are refused UPDATE and DELETE by the database itself
(people.records.write_once_triggers), not only by the model."""
from django.db import migrations

from people.records import write_once_triggers


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_import_identity")]

    operations = [write_once_triggers({"table": "policies_acknowledgement", "update": True, "delete": True})]
