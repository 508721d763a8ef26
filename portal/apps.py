from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = _("门户")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from people.models import Notification

        from .badges import notification_saved

        post_save.connect(notification_saved, sender=Notification, dispatch_uid="portal.badges.notification")
