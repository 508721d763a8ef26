"""The site search page (``/search/``)."""
from django.template.response import TemplateResponse

from people.models import Department

from ..models import PolicyCategory, PolicyStatus
from ..search import FILTERS, search_policies


def search(request):
    """Site search over the policies the reader may see (see policies.search),
    narrowed by category, owner department and status."""
    query = request.GET.get("q", "").strip()
    selected = {name: request.GET.get(name, "").strip() for name in FILTERS}
    results = search_policies(query, request.user, filters=selected, request=request) if query else None
    return TemplateResponse(
        request,
        "policies/search.html",
        {
            "query": query,
            "results": results,
            "submitted": "q" in request.GET,
            "selected": selected,
            "filtered": any(selected.values()),
            "categories": PolicyCategory.objects.all(),
            "departments": Department.objects.all(),
            "statuses": PolicyStatus.choices,
        },
    )
