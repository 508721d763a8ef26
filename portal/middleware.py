from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths an anonymous visitor may reach: the login page, static files, the
# admin (which has its own login), language switching.
OPEN_PREFIXES = ("/accounts/login/", "/static/", "/admin/", "/i18n/", "/favicon.ico")


class EmployeesOnlyMiddleware:
    """The portal is for employees only: every page needs a login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
