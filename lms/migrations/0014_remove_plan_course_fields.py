"""The course fields move from the plan to its lines (0013 copied them):
course, goal, content, audience, place, trainers and method go."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0013_plan_lines_from_plans'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='trainingplan',
            name='audience',
        ),
        migrations.RemoveField(
            model_name='trainingplan',
            name='content',
        ),
        migrations.RemoveField(
            model_name='trainingplan',
            name='course',
        ),
        migrations.RemoveField(
            model_name='trainingplan',
            name='goal',
        ),
        migrations.RemoveField(
            model_name='trainingplan',
            name='method',
        ),
        migrations.RemoveField(
            model_name='trainingplan',
            name='place',
        ),
        migrations.RemoveField(
            model_name='trainingplan',
            name='trainers',
        ),
    ]
