from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The base every other app stands on: the organisation (departments, job
    roles, profiles), notifications, write-once records, the permission
    vocabulary and the HR report base. It imports no other app of the product."""

    name = "people"
    label = "people"
    verbose_name = _("组织与人员")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The outbox hands messages to its delivery task by name (people.outbox):
        # the task must be registered in every process, not only in the worker.
        from . import tasks  # noqa: F401

        # The database's write-once triggers (people.records, which defines a
        # model, so it is imported once the registry is ready): SQLite's escape
        # function on every connection, and the triggers made again after migrate.
        from .records import reassert_triggers, register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="people_records_sqlite")
        post_migrate.connect(reassert_triggers, sender=self, dispatch_uid="people_records_triggers")
