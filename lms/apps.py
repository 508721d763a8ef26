from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("培训")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: receivers connect once the app registry is ready, not at import.
        # The tasks too: the outbox hands the customers' needs-survey links to
        # theirs by name (lms.needs_surveys.send), so it is registered in every
        # process, not only the worker.
        from . import signals, tasks  # noqa: F401
