"""The database is down (or was restarted under a request): answer 503 with
the portal's own page, or JSON for a script, never a traceback.

Used by the shell's middleware and error handler (``portal.middleware``,
``portal.views.server_error``) and by views that can say more, such as the
exam's submit and autosave ("your answers are saved, try again")."""
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("portal.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(error):
    return isinstance(error, DATABASE_ERRORS)


def wants_json(request):
    return (request.content_type == "application/json"
            or "application/json" in request.headers.get("Accept", ""))


def unavailable_response(request, *, message=None, back_url=None, status="unavailable", extra=None):
    """A 503 answer to ``request``. Renders without the database: no request
    context, no context processors, nothing that reads the session."""
    message = message or _("数据库暂时无法连接，您的请求没有完成。请稍后重试。")
    if wants_json(request):
        response = JsonResponse({"status": status, "message": message, "retry_after": RETRY_AFTER_SECONDS,
                                 **(extra or {})}, status=503)
    else:
        retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        html = render_to_string("503.html", {"message": message, "retry_url": retry_url, "back_url": back_url})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def log_outage(request, error):
    logger.error("database unavailable while serving %s %s: %r", request.method, request.path, error,
                 exc_info=error)
