from django.template.response import TemplateResponse


def search(request):
    """Site search over the policies the reader may see (see policies.search)."""
    from .search import search_policies

    query = request.GET.get("q", "").strip()
    results = search_policies(query, request.user, filters=request.GET) if query else None
    return TemplateResponse(request, "policies/search.html", {"query": query, "results": results})
