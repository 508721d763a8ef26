"""Idempotent set-up of the site tree, departments and roles."""
from django.db import transaction
from wagtail.models import Page, Site

from .demo import DEPARTMENTS, JOB_ROLES
from .models import Department, HomePage, JobRole


@transaction.atomic
def ensure_site():
    """Make sure the default site's root is a HomePage with a policy library
    under it; return that PolicyIndexPage."""
    from policies.models import PolicyIndexPage

    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="制度与培训门户", slug="home-portal"))
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="制度与培训门户")
        else:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "制度与培训门户"
            site.save()
            if old_root.specific_class is Page and old_root.depth == 2:
                old_root.delete()
    index = PolicyIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=PolicyIndexPage(title="规章制度", slug="policies", intro="公司现行规章制度。")
        )
    return index


def ensure_organisation():
    for code, name in DEPARTMENTS:
        Department.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in JOB_ROLES:
        JobRole.objects.get_or_create(code=code, defaults={"name": name})
