"""Chinese policy search (placeholder until the jieba/OpenCC backend lands)."""
from ..access import can_view


def search_policies(query, user, filters=None):
    from ..models import PolicyPage

    pages = PolicyPage.objects.live().search(query)
    return [{"page": p, "snippet": "", "anchor": ""} for p in pages if can_view(user, p)]
