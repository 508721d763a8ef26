"""Page routes served by views that live above the models.

A Wagtail page with ``RoutablePageMixin`` routes is its own small URLconf.
Like Django's URLconf (and ``handler404 = "app.views.page_not_found"``), it
names the view serving each route by its dotted path, so the model module
imports no view module: the views import the model, never the reverse::

    @path("acknowledge/")
    def acknowledge(self, request):
        return route_view("policies.views.acknowledgement.acknowledge")(request, self)
"""
from functools import cache

from django.utils.module_loading import import_string


@cache
def route_view(dotted_path):
    """The view function at ``dotted_path`` (resolved once per process)."""
    return import_string(dotted_path)
