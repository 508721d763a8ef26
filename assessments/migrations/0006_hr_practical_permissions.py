"""HR (the 人资部 group) sets up practical exams and panels, records dealer
trainees' continued training and qualifications, opens the HR reports
(考核与薪资报表) and may hold payroll API tokens."""
from django.db import migrations

HR_GROUP = "人资部"

MODELS = {
    "practicalexam": "实操考核",
    "continuedtraining": "委培人员继续培训",
    "qualificationrecord": "资格条件档案",
}
EXTRA = [
    ("practicalexam", "view_assessment_reports", "可以查看考核与薪资报表"),
    ("practicalexam", "use_payroll_api", "可以持有薪资接口令牌"),
    ("payrollapitoken", "add_payrollapitoken", "Can add 薪资接口令牌"),
    ("payrollapitoken", "change_payrollapitoken", "Can change 薪资接口令牌"),
    ("payrollapitoken", "view_payrollapitoken", "Can view 薪资接口令牌"),
]


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename=codename, defaults={"name": name})
    return perm


def hr_permissions(apps):
    perms = [
        permission(apps, "assessments", model, f"{action}_{model}", f"Can {action} {label}")
        for model, label in MODELS.items() if label
        for action in ("add", "change", "view")
    ]
    perms += [permission(apps, "assessments", model, codename, name) for model, codename, name in EXTRA]
    return perms


def grant_hr(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=HR_GROUP)
    group.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        *hr_permissions(apps),
    )


def revoke_hr(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=HR_GROUP).first()
    if group is not None:
        group.permissions.remove(*hr_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_practical_exams_payroll"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_hr, revoke_hr)]
