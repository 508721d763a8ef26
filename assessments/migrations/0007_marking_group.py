"""A 阅卷 (exam markers) group holding the marking-queue permission, given to
HR too, so the short-answer queue has someone to work it from a fresh
database; HR adds the technical departments' markers to the group."""
from django.db import migrations

MARKERS = "阅卷人"
HR_GROUP = "人资部"


def marking_permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ct, _ = ContentType.objects.get_or_create(app_label="assessments", model="examanswer")
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename="mark_examanswer",
                                               defaults={"name": "可以批阅简答题"})
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(content_type=admin_ct, codename="access_admin",
                                                 defaults={"name": "Can access Wagtail admin"})
    return perm, access


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    perm, access = marking_permission(apps)
    markers, _ = Group.objects.get_or_create(name=MARKERS)
    markers.permissions.add(perm, access)
    hr, _ = Group.objects.get_or_create(name=HR_GROUP)
    hr.permissions.add(perm)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=MARKERS).delete()
    hr = Group.objects.filter(name=HR_GROUP).first()
    if hr is not None:
        hr.permissions.remove(*marking_permission(apps)[:1])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_hr_practical_permissions")]
    operations = [migrations.RunPython(grant, revoke)]
