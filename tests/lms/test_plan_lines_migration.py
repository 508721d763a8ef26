"""The data migration that turns each existing plan's single course into its
first course line (lms 0013), run directly on the schema of 0012, where the
plan still has its course fields and the lines' table exists."""
import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lms.models import PlanLine, TrainerStatus
from tests.factories import make_user

from .builders import make_course

BEFORE = [("lms", "0012_plan_lines")]
MIGRATION = importlib.import_module("lms.migrations.0013_plan_lines_from_plans")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_each_plans_course_becomes_its_first_line_and_the_schema_goes_forward_again():
    course = make_course("故障分析与维修")
    trainer = make_user("trainer_t")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        TrainingPlan = apps.get_model("lms", "TrainingPlan")
        OldLine = apps.get_model("lms", "PlanLine")
        Trainer = apps.get_model("lms", "Trainer")
        Trainer.objects.create(user_id=trainer.pk, status=TrainerStatus.ADMITTED)
        old = TrainingPlan.objects.create(
            kind="annual", title="2027 年度培训计划", starts_on=datetime.date(2027, 1, 10),
            ends_on=datetime.date(2027, 12, 20), course_id=course.pk, goal="提高故障分析能力",
            content="故障分析专题两期", audience="售后部员工", place="技术部会议室", method="on_site")
        old.trainers.set([trainer.pk])
        empty = TrainingPlan.objects.create(kind="monthly", title="空计划", starts_on=datetime.date(2027, 2, 1),
                                            ends_on=datetime.date(2027, 2, 28))

        MIGRATION.plan_lines_from_plans(apps, None)
        MIGRATION.plan_lines_from_plans(apps, None)  # run twice: still one line

        line = OldLine.objects.get()
        assert line.plan_id == old.pk and line.course_id == course.pk and line.sort_order == 0
        assert (line.goal, line.content, line.audience, line.place, line.method) == (
            "提高故障分析能力", "故障分析专题两期", "售后部员工", "技术部会议室", "on_site")
        assert (line.starts_on, line.ends_on) == (datetime.date(2027, 1, 10), datetime.date(2027, 12, 20))
        assert [t.pk for t in line.trainers.all()] == [trainer.pk]
        assert not OldLine.objects.filter(plan_id=empty.pk).exists()

        old.goal, old.course_id = "", None
        old.save()
        old.trainers.clear()
        MIGRATION.plans_from_plan_lines(apps, None)  # backwards: the first line's fields come back
        old.refresh_from_db()
        assert (old.course_id, old.goal, [t.pk for t in old.trainers.all()]) == (
            course.pk, "提高故障分析能力", [trainer.pk])
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    moved = PlanLine.objects.select_related("course").get()
    assert moved.course.title == "故障分析与维修" and moved.plan.title == "2027 年度培训计划"
