"""HR (人资部) sets up practical exams and panels, records dealer trainees'
continued training and qualifications, opens the HR reports (考核与薪资报表)
and may hold payroll API tokens. A 阅卷人 group holds the marking-queue
permission, given to HR too, so the short-answer queue has someone to work
it from a fresh database; HR adds the technical departments' markers to it."""
from django.db import migrations

from people.permissions import ACCESS_ADMIN, HR, MARKERS, grant, model_permissions, revoke

HR_PERMISSIONS = [
    *model_permissions("assessments", "practicalexam", "实操考核", ("add", "change", "view")),
    *model_permissions("assessments", "continuedtraining", "委培人员继续培训", ("add", "change", "view")),
    *model_permissions("assessments", "qualificationrecord", "资格条件档案", ("add", "change", "view")),
    ("assessments", "practicalexam", "view_assessment_reports", "可以查看考核与薪资报表"),
    ("assessments", "practicalexam", "use_payroll_api", "可以持有薪资接口令牌"),
    *model_permissions("assessments", "payrollapitoken", "薪资接口令牌", ("add", "change", "view")),
]
MARK = ("assessments", "examanswer", "mark_examanswer", "可以批阅简答题")


def grant_permissions(apps, schema_editor):
    grant(apps, HR, [ACCESS_ADMIN, *HR_PERMISSIONS, MARK])
    grant(apps, MARKERS, [ACCESS_ADMIN, MARK])


def revoke_permissions(apps, schema_editor):
    revoke(apps, HR, [*HR_PERMISSIONS, MARK])
    apps.get_model("auth", "Group").objects.filter(name=MARKERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_seed_question_categories"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
