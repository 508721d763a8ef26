from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = _("考核")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django connects signal receivers here, once the app registry is ready
        # (placement results reach plan tables created later).
        from . import signals  # noqa: F401
