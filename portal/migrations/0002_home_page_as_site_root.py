"""The portal's home page is the default site's root from the first migrate:
Wagtail's welcome page (a plain page with nothing under it) is replaced by a
HomePage in the same place, so every app's section has a home to live under."""
from django.db import migrations

SITE_NAME = "制度与培训门户"


def home_page_as_root(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("portal", "HomePage")
    if HomePage.objects.exists():
        return
    welcome = Page.objects.filter(depth=2, numchild=0, content_type__app_label="wagtailcore",
                                  content_type__model="page").first()
    root = Page.objects.filter(depth=1).first()
    if root is None or (welcome is None and root.numchild):
        return  # someone else's tree: leave it alone (``setup_demo`` adds the home page)
    path = welcome.path if welcome else root.path + "0001"
    locale_id = welcome.locale_id if welcome else root.locale_id
    if welcome is not None:
        welcome.delete()  # its Site row goes with it
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="homepage")
    home = HomePage.objects.create(
        title=SITE_NAME, draft_title=SITE_NAME, slug="home-portal", content_type=content_type,
        path=path, depth=2, numchild=0, url_path="/home-portal/", locale_id=locale_id, live=True,
    )
    if welcome is None:
        Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": SITE_NAME},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(home_page_as_root, migrations.RunPython.noop)]
