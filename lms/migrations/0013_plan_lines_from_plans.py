"""Each existing plan's single course becomes its first course line: the
course, goal, content, audience, place, method and trainers move to a line
whose time is the plan's period. A plan with none of them filled gets no
line (there is nothing to schedule; HR adds lines before submitting).

Backwards, a plan takes its first line's fields back (later lines are lost:
the old model had room for one course)."""
from django.db import migrations

LINE_FIELDS = ("goal", "content", "audience", "place", "method")


def plan_lines_from_plans(apps, schema_editor):
    TrainingPlan = apps.get_model("lms", "TrainingPlan")
    PlanLine = apps.get_model("lms", "PlanLine")
    for plan in TrainingPlan.objects.prefetch_related("trainers").order_by("pk"):
        trainers = list(plan.trainers.all())
        if plan.course_id is None and not trainers and not any(getattr(plan, name) for name in LINE_FIELDS):
            continue
        if PlanLine.objects.filter(plan=plan).exists():
            continue
        line = PlanLine.objects.create(
            plan=plan, sort_order=0, course_id=plan.course_id, starts_on=plan.starts_on, ends_on=plan.ends_on,
            **{name: getattr(plan, name) for name in LINE_FIELDS})
        line.trainers.set(trainers)


def plans_from_plan_lines(apps, schema_editor):
    TrainingPlan = apps.get_model("lms", "TrainingPlan")
    PlanLine = apps.get_model("lms", "PlanLine")
    for plan in TrainingPlan.objects.order_by("pk"):
        line = PlanLine.objects.filter(plan=plan).order_by("sort_order", "pk").first()
        if line is None:
            continue
        plan.course_id = line.course_id
        for name in LINE_FIELDS:
            setattr(plan, name, getattr(line, name))
        plan.save(update_fields=["course", *LINE_FIELDS])
        plan.trainers.set(line.trainers.all())


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0012_plan_lines'),
    ]

    operations = [migrations.RunPython(plan_lines_from_plans, plans_from_plan_lines)]
