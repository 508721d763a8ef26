"""A URLconf for test_error_pages: the portal's, plus one view that fails."""
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug the reader should never see")


urlpatterns = [path("failing/", failing_view), *portal_urlpatterns]
