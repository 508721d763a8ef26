"""A URLconf for test_error_pages: the portal's, plus one view that fails."""
from django.db import OperationalError
from django.urls import path

from portal.urls import handler500  # noqa: F401  (the portal's own error handler)
from portal.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug the reader should never see")


def database_down_view(request):
    raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")


urlpatterns = [path("failing/", failing_view), path("db-down/", database_down_view), *portal_urlpatterns]
