"""The question categories the after-sales training rules name
(售后服务人员培训管理办法: structure and electrical basics, working principles,
control programs, fault analysis and solutions, maintenance), plus service
conduct and company rules. Plain data, seeded once by a data migration;
afterwards the categories are edited in the admin (题库 › 题目分类)."""

CATEGORIES = [
    "电气基础",
    "机械结构",
    "工作原理",
    "控制程序",
    "故障分析",
    "故障解决",
    "维护保养",
    "服务规范",
    "规章制度",
]


def seed(apps, schema_editor):
    """RunPython forwards: create the categories that are missing (idempotent)."""
    QuestionCategory = apps.get_model("assessments", "QuestionCategory")
    for order, name in enumerate(CATEGORIES, start=1):
        QuestionCategory.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


def unseed(apps, schema_editor):
    """RunPython backwards: remove the seeded categories no question uses."""
    QuestionCategory = apps.get_model("assessments", "QuestionCategory")
    QuestionCategory.objects.filter(name__in=CATEGORIES, questions__isnull=True).delete()
