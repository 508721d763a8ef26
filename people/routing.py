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

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
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


def restriction_may_apply(path_column):
    """SQL for a query about a page elsewhere (``path_column``: the quoted
    column holding its ``wagtailcore_page.path`` in the outer query, e.g.
    ``'"wagtailcore_page"."path"'``): true when the page or an ancestor has
    a view restriction, or an ancestor is an alias (whose source's
    restrictions Wagtail applies). A view serving a page's action outside
    Wagtail's routing reads this with the row it needs anyway, and only when
    it is true runs Wagtail's own check (``page.get_view_restrictions()``,
    two queries): the usual unrestricted page costs no statement of its own.

    Plain SQL, not the ORM's ``Exists``: it is part of every exam autosave,
    and compiling two correlated subqueries doubled the Python time of
    building that statement. Paths are treebeard's digits and capitals, so a
    prefix is a plain ``LIKE``. Driven from the (small) restriction table and
    from the index on ``alias_of_id``."""
    return RawSQL(
        "(EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction restriction"
        " INNER JOIN wagtailcore_page restricted ON restricted.id = restriction.page_id"
        f" WHERE {path_column} LIKE restricted.path || '%%')"
        " OR EXISTS (SELECT 1 FROM wagtailcore_page alias WHERE alias.alias_of_id IS NOT NULL"
        f" AND {path_column} LIKE alias.path || '%%'))",
        (), output_field=BooleanField(),
    )
