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


class ViewRestrictionsReadOnce:
    """For a page whose ``serve`` checks its own privacy settings (a routed
    view does not get Wagtail's check for free) right after Wagtail's
    ``before_serve_page`` hook checked them on the same page object: the
    restrictions are read once per page object, not twice per request.
    A chained queryset (``.order_by()``, as the admin's privacy view does)
    is a fresh query."""

    def get_view_restrictions(self):
        restrictions = self.__dict__.get("_view_restrictions_read")
        if restrictions is None:
            restrictions = self._view_restrictions_read = super().get_view_restrictions()
        return restrictions
