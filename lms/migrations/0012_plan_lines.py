"""A training plan's course lines (PlanLine): created here, filled from
the plans' single course in 0013, the plan's old course fields removed in 0014."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0011_merge_20261203_2202'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='trainingplan',
            name='ends_on',
            field=models.DateField(verbose_name='计划结束日期'),
        ),
        migrations.AlterField(
            model_name='trainingplan',
            name='starts_on',
            field=models.DateField(help_text='计划覆盖期间的第一天；各课程的培训时间在课程明细中填写。', verbose_name='计划开始日期'),
        ),
        migrations.CreateModel(
            name='PlanLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='序号')),
                ('goal', models.TextField(blank=True, verbose_name='培训目标')),
                ('content', models.TextField(blank=True, verbose_name='培训内容')),
                ('audience', models.CharField(blank=True, max_length=255, verbose_name='培训对象')),
                ('starts_on', models.DateField(blank=True, null=True, verbose_name='开始日期')),
                ('ends_on', models.DateField(blank=True, help_text='留空表示当天。', null=True, verbose_name='结束日期')),
                ('month', models.DateField(blank=True, help_text='只定到月份时填写（不填开始日期），保存为当月 1 日。', null=True, verbose_name='培训月份')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='培训地点')),
                ('method', models.CharField(blank=True, choices=[('lecture', '课堂讲授'), ('case', '案例分析'), ('discussion', '小组讨论'), ('simulation', '模拟演练'), ('on_site', '实地操作'), ('online', '线上学习')], max_length=20, verbose_name='培训方式')),
                ('course', models.ForeignKey(blank=True, help_text='须为已提交培训管理部门归档的课程。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan_lines', to='lms.coursepage', verbose_name='培训课程')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='lms.trainingplan', verbose_name='培训计划')),
                ('trainers', models.ManyToManyField(blank=True, help_text='须为师资库成员。', related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='培训师资')),
            ],
            options={
                'verbose_name': '培训计划课程明细',
                'verbose_name_plural': '培训计划课程明细',
                'ordering': ['plan', 'sort_order', 'pk'],
            },
        ),
    ]
