from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    label = "policies"
    verbose_name = _("制度")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the receivers once the models are ready (Django's place for it).
        from . import signals  # noqa: F401

        # Wagtail's page permission policy is registered once the models are
        # ready; it imports Wagtail's models, which need the app registry.
        from .admin.permissions import register
        from .admin.workflow_mail import register as register_workflow_mail

        register()
        # Wagtail's workflow and comment emails go only to cleared readers.
        register_workflow_mail()
