"""The training groups and HR's permissions on the LMS's admin screens:
人资部 (HR, runs courses, plans, sessions, the trainer pool), 总经理 (approves
training plans) and 常务副总 (approves trainees' plan tables)."""
from django.db import migrations

HR_MODELS = {
    "trainingplan": "培训计划", "trainingneedsrequest": "培训需求申请表", "courseassignment": "课程指派",
    "postchangetraining": "晋升/调岗培训", "trainingsession": "培训课堂", "trainer": "培训师",
    "certificate": "结业证书", "trainingsettings": "培训设置",
}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(app_label, model, codename, name):
        ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        return Permission.objects.get_or_create(content_type=ct, codename=codename, defaults={"name": name})[0]

    access_admin = permission("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    hr, _ = Group.objects.get_or_create(name="人资部")
    hr.permissions.add(access_admin)
    for model, label in HR_MODELS.items():
        for action in ("add", "change", "delete", "view"):
            if model == "trainingsettings" and action in ("add", "delete"):
                continue
            hr.permissions.add(permission("lms", model, f"{action}_{model}", f"Can {action} {label}"))
    for name in ("总经理", "常务副总"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
