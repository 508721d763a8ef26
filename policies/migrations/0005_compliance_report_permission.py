"""HR (the 人资部 group) may open the acknowledgement compliance reports."""
from django.db import migrations

HR_GROUP = "人资部"


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename=codename, defaults={"name": name})
    return perm


def grant_hr(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=HR_GROUP)
    group.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        permission(apps, "policies", "acknowledgementtask", "view_compliance_report", "可以查看制度确认合规报表"),
    )


def revoke_hr(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=HR_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="policies", codename="view_compliance_report")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0004_acknowledgements"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_hr, revoke_hr)]
