from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import defaults

from people.outage import is_database_outage, log_outage, unavailable_response, wants_json
from people.security import needs_second_factor

from .badges import forget_badges
from .routers import reading_from_replica

# Paths an anonymous visitor may reach: the login page, the password reset, a customer
# trainee's invitation link, a customer contact's needs-survey link, static files, the
# admin (which has its own login), language switching, the payroll API
# (which authenticates every request by token and answers 401, never a login
# page) and the health endpoints (for the load balancer and the monitoring).
OPEN_PREFIXES = ("/accounts/login/", "/accounts/password/", "/accounts/invitation/", "/needs-survey/reply/",
                 "/static/", "/admin/", "/i18n/", "/favicon.ico", "/api/payroll/",
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


class DatabaseOutageMiddleware:
    """A view that fails because the database is down or went away answers
    503 with the portal's page (JSON for scripts) and a retry, not a 500.
    Failures before the view (a session read) reach ``portal.views.server_error``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        log_outage(request, exception)
        return unavailable_response(request)


# Reachable before the second factor is verified: its own page, logging out,
# static files, the language switch, token-authenticated APIs, health checks.
SECOND_FACTOR_EXEMPT = ("/accounts/second-factor/", "/accounts/logout/", "/admin/logout/", "/static/", "/i18n/",
                        "/favicon.ico", "/api/payroll/", "/health/")


class SecondFactorMiddleware:
    """When the portal requires a second factor (``PORTAL_REQUIRE_SECOND_FACTOR``),
    the people who need one (``people.security.needs_second_factor``) reach
    nothing, in the portal or the admin, until they have verified a TOTP code
    in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (settings.PORTAL_REQUIRE_SECOND_FACTOR and user.is_authenticated
                and not request.path.startswith(SECOND_FACTOR_EXEMPT)
                and not user.is_verified() and needs_second_factor(user)):
            if wants_json(request):
                return JsonResponse({"status": "second_factor_required",
                                     "message": _("请先验证动态口令。")}, status=403)
            return redirect(f"{reverse('second_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """The portal's own pages get the strict Content-Security-Policy
    (``CONTENT_SECURITY_POLICY``). Wagtail's and Django's admin and the
    payroll API's docs page still use inline script and style, and the
    page preview is framed by the editor: under ``PORTAL_CSP_RELAXED_PREFIXES``
    the directives in ``PORTAL_CSP_RELAXED`` replace the strict ones. Listed
    after ``csp.middleware.CSPMiddleware`` so it marks the response first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "PORTAL_CSP_RELAXED_PREFIXES", ()))

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            response._csp_replace = {**settings.PORTAL_CSP_RELAXED, **(getattr(response, "_csp_replace", None) or {})}
        return response


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


class BadgeCacheMiddleware:
    """After a request that may have written (anything but GET, HEAD,
    OPTIONS), the person's cached header badges are forgotten, so what they
    just did shows on their next page (``portal.badges``)."""

    SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_pk = None
        request._leaves_tasks_unchanged = False
        if request.method not in self.SAFE and getattr(request, "user", None) is not None:
            user_pk = request.user.pk  # who they were before the view (a logout ends the session)
        response = self.get_response(request)
        if request.method not in self.SAFE and not request._leaves_tasks_unchanged:
            forget_badges(user_pk)
            after = getattr(request, "user", None)
            if after is not None and after.pk != user_pk:  # a login: the person now signed in
                forget_badges(after.pk)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # people.inbox.leaves_tasks_unchanged: an exam's autosave keeps the badges (one cache round trip fewer).
        request._leaves_tasks_unchanged = getattr(view_func, "leaves_tasks_unchanged", False)
