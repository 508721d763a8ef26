"""Seed the question categories 题目分类 (data in assessments.question_categories)."""
from django.db import migrations

from assessments.question_categories import seed, unseed


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0003_seed_current_scheme'),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
