from django.apps import AppConfig
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
