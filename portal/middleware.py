from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware

# Paths an anonymous visitor may reach: the login page, static files, the
# admin (which has its own login), language switching, and the payroll API
# (which authenticates every request by token and answers 401, never a login page).
OPEN_PREFIXES = ("/accounts/login/", "/static/", "/admin/", "/i18n/", "/favicon.ico", "/api/payroll/")


class EmployeesOnlyMiddleware:
    """The portal is for employees only: every page needs a login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the reader chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, so a
    browser set to English would open the portal in English. Here only an
    explicit choice (the language cookie set by /i18n/setlang/) changes the
    language; everyone else gets ``LANGUAGE_CODE`` (zh-hans)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
