from django.conf import settings
from django.contrib.auth import views as auth_views

from .demo import DEMO_ACCOUNTS


class LoginView(auth_views.LoginView):
    """The portal's login page; in demo mode it lists the demo accounts."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PORTAL_DEMO_MODE:
            context["demo_accounts"] = [
                {"username": a[0], "name": a[1], "role": a[2]} for a in DEMO_ACCOUNTS
            ]
            context["demo_password"] = settings.PORTAL_DEMO_PASSWORD
        return context
