"""The policy library's place in the page tree."""
from django.db import transaction
from wagtail.models import Page, Site

from .models import PolicyIndexPage


@transaction.atomic
def ensure_library(parent=None):
    """The policy library (制度库), created under ``parent`` (by default the
    default site's root page) when there is none yet."""
    index = PolicyIndexPage.objects.first()
    if index is not None:
        return index
    if parent is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        parent = site.root_page if site else Page.get_first_root_node()
    return parent.add_child(instance=PolicyIndexPage(title="规章制度", slug="policies", intro="公司现行规章制度。"))
