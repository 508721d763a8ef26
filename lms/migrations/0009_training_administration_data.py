"""The training administration's data: the courses that exist are filed
(they are already being taught, so nothing stops scheduling them), plans
that were waiting for the general manager wait for management's approval
(the review step is behind them), and the groups hold the new decisions:

- 培训管理部门审核 reviews plans and files developed courses;
- 人资部 runs needs surveys, course development and the trainer pool;
- 总经理 sees the needs surveys its plans rest on."""
from django.db import migrations

from people.permissions import GENERAL_MANAGER, HR, TRAINING_OFFICE, grant, model_permissions, revoke

TRAINING_OFFICE_PERMISSIONS = [
    *model_permissions("lms", "trainingplan", "培训计划", actions=("view",)),
    ("lms", "trainingplan", "review_trainingplan", "可以审核培训计划（培训管理部门）"),
    *model_permissions("lms", "coursedevelopment", "课程开发", actions=("view",)),
    ("lms", "coursedevelopment", "file_coursedevelopment", "可以审核备案课程（培训管理部门）"),
    *model_permissions("lms", "needssurvey", "培训需求调研", actions=("view",)),
]
HR_PERMISSIONS = [
    *model_permissions("lms", "needssurvey", "培训需求调研"),
    *model_permissions("lms", "coursedevelopment", "课程开发"),
]
GENERAL_MANAGER_PERMISSIONS = [*model_permissions("lms", "needssurvey", "培训需求调研", actions=("view",))]


def forwards(apps, schema_editor):
    CoursePage = apps.get_model("lms", "CoursePage")
    CourseDevelopment = apps.get_model("lms", "CourseDevelopment")
    TrainingPlan = apps.get_model("lms", "TrainingPlan")
    for course in CoursePage.objects.filter(development__isnull=True):
        filed_on = (course.first_published_at or course.latest_revision_created_at)
        CourseDevelopment.objects.create(course=course, stage="filed",
                                         filed_on=filed_on.date() if filed_on else None)
    TrainingPlan.objects.filter(status="submitted").update(status="reviewed")
    grant(apps, TRAINING_OFFICE, TRAINING_OFFICE_PERMISSIONS)
    grant(apps, HR, HR_PERMISSIONS)
    grant(apps, GENERAL_MANAGER, GENERAL_MANAGER_PERMISSIONS)


def backwards(apps, schema_editor):
    apps.get_model("lms", "TrainingPlan").objects.filter(status="reviewed").update(status="submitted")
    revoke(apps, TRAINING_OFFICE, TRAINING_OFFICE_PERMISSIONS)
    revoke(apps, HR, HR_PERMISSIONS)
    revoke(apps, GENERAL_MANAGER, GENERAL_MANAGER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0008_training_administration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
