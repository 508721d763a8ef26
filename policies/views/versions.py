"""A policy's versions: the list, one version as it was published, and the
redline between two (``versions/``, ``versions/<n>/``, ``compare/<a>/<b>/``
under the policy's URL). Reached through ``PolicyPage.serve``, so the
reader's access has been checked."""
from django.template.response import TemplateResponse

from ..redline import changes, redline


def version_list(request, page):
    versions = page.versions.select_related("published_by").order_by("-number")
    return TemplateResponse(
        request,
        "policies/policy_versions.html",
        {"page": page, "versions": versions, "current": page.current_version},
    )


def version_detail(request, page, number):
    version = page.get_version(number)
    snapshot = version.as_page()
    return TemplateResponse(
        request,
        "policies/policy_version.html",
        {
            "page": page,
            "snapshot": snapshot,
            "version": version,
            "current": page.current_version,
            "is_current": version.number == page.current_version.number,
        },
    )


def compare(request, page, a, b):
    old, new = page.get_version(a), page.get_version(b)
    rows = redline(old.as_page().numbered_body(), new.as_page().numbered_body())
    return TemplateResponse(
        request,
        "policies/policy_compare.html",
        {
            "page": page,
            "old": old,
            "new": new,
            "rows": rows,
            "changes": changes(rows),
            "versions": page.versions.order_by("number"),
        },
    )
