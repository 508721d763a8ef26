"""Idempotent set-up of the site tree: the home page as the default site's
root, and under it each app's section (through the ``register_site_section``
hook, see ``people.inbox``)."""
from django.db import transaction
from wagtail import hooks
from wagtail.models import Page, Site

from people.inbox import SITE_SECTION_HOOK

from .models import HomePage

SITE_NAME = "制度与培训门户"


@transaction.atomic
def ensure_site():
    """Make sure the default site's root is a HomePage with every app's
    section under it; return the home page."""
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=SITE_NAME, slug="home-portal"))
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME)
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        for child in old_root.get_children():
            child.move(home, pos="last-child")
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    for ensure_section in hooks.get_hooks(SITE_SECTION_HOOK):
        ensure_section(home)
    return home
