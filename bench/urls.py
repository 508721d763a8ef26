"""The portal's URLconf plus the trivial view the pages are compared with."""
from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The floor: the portal's middleware (session, login, locale) and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("portal.urls")),
]
