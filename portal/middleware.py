from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.views import defaults

from .routers import reading_from_replica

# Paths an anonymous visitor may reach: the login page, static files, the
# admin (which has its own login), language switching, the payroll API
# (which authenticates every request by token and answers 401, never a login
# page) and the health endpoints (for the load balancer and the monitoring).
OPEN_PREFIXES = ("/accounts/login/", "/static/", "/admin/", "/i18n/", "/favicon.ico", "/api/payroll/",
                 "/health/")


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


class ReportsFromReplicaMiddleware:
    """Report and export pages (GET under ``settings.PORTAL_REPLICA_PATHS``)
    read from the replica database when one is configured (portal.routers).

    A streamed export runs its queries while the response is sent, after this
    middleware has returned: its content is read inside the block too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "PORTAL_REPLICA_PATHS", ()))

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(self.prefixes):
            return self.get_response(request)
        with reading_from_replica():
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = self._from_replica(response.streaming_content)
        return response

    @staticmethod
    def _from_replica(content):
        with reading_from_replica():
            yield from content


class StyledNotFoundMiddleware:
    """The portal's own 404 page under ``DEBUG`` too (``make run``), where
    Django would show its technical page: a reader following a stale link
    in the demo gets the reason in Chinese and a way back. The admin keeps
    Django's page for developers; without ``DEBUG`` Django already renders
    ``404.html``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404) and not request.path.startswith("/admin/"):
            return defaults.page_not_found(request, exception)
        return None
