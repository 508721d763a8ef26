"""The site search page (``/search/``)."""
from django.template.response import TemplateResponse

from people.models import Department

from ..models import PolicyCategory, PolicyStatus
from ..search import FILTERS, PolicySearch


def search(request):
    """Site search over the policies the reader may see (see policies.search),
    narrowed by category, owner department and status."""
    query = request.GET.get("q", "").strip()
    selected = {name: request.GET.get(name, "").strip() for name in FILTERS}
    results = page_query = None
    if query:
        # One page of results (20) with snippets; the count covers them all.
        results = PolicySearch(query, request.user, filters=selected, request=request).page(request.GET.get("p"))
        params = request.GET.copy()
        params.pop("p", None)
        page_query = params.urlencode()
    return TemplateResponse(
        request,
        "policies/search.html",
        {
            "query": query,
            "results": results,
            "page_obj": results,
            "page_query": page_query,
            "submitted": "q" in request.GET,
            "selected": selected,
            "filtered": any(selected.values()),
            "categories": PolicyCategory.objects.all(),
            "departments": Department.objects.all(),
            "statuses": PolicyStatus.choices,
        },
    )
