"""Seed the grade and pay scheme in force: 售后服务人员培训管理办法.

The numbers are the policy's own (售后服务人员培训管理办法, "定职定级" and
"职级与薪资福利挂钩"); they are frozen here on purpose, so later edits to the code cannot
change what a fresh database starts with. HR changes them by publishing a
new scheme version in the admin, never by editing this file.

The document carries no effective date, so the seeded scheme applies from
2000-01-01: every day has a scheme and ``decide_grade`` works at once. If
the policy has already been imported, the scheme is linked to its newest
version. The 人资部 group gets the permissions to edit and publish schemes
and to confirm grade decisions.
"""
import datetime
import json
import uuid

from django.db import migrations
from django.utils import timezone

from people.permissions import ACCESS_ADMIN, HR, grant, model_permissions

SOURCE_DOCUMENT = "售后服务人员培训管理办法"
VERSION_LABEL = "2000-初始"

BANDS = [
    ("80", "technician_junior"),
    ("84", "technician_mid"),
    ("87", "technician_senior"),
    ("90", "engineer_junior"),
    ("94", "engineer_mid"),
    ("97", "engineer_senior"),
]

QUALIFICATIONS = [
    # 技工：高中含以上学历（初中但有相关维修资质证书及经验），公司两个系列产品（含）以上技能
    {"position": "technician", "min_education": "high_school", "min_years": "0", "min_product_series": 2,
     "alt_education": "junior_middle", "alt_requires_certificate": True, "alt_min_years": "1"},
    # 工程师：中专含以上学历，多年行业经验，公司三个系列产品（含）以上技能
    {"position": "engineer", "min_education": "secondary_technical", "min_years": "3", "min_product_series": 3,
     "alt_education": "", "alt_requires_certificate": False, "alt_min_years": None},
]

# grade, 专职月薪总额, 专职出差补贴/天, 生产储备技术津贴, 生产储备出差月薪基数, 生产储备出差补贴/天
PAY_TABLE = [
    ("technician_junior", "2700", "0", "50", "2600", "0"),
    ("technician_mid", "2800", "0", "80", "2700", "0"),
    ("technician_senior", "2900", "0", "120", "2800", "0"),
    ("engineer_junior", "3000", "50", "150", "2900", "50"),
    ("engineer_mid", "3200", "100", "200", "3000", "50"),
    ("engineer_senior", "3500", "150", "300", "3200", "50"),
]

# 不合格率（%，含）→ 主导培训人处罚（元）
PENALTY_BANDS = [("30", "50"), ("40", "150"), ("50", "200")]


def stream(block_type, values):
    return json.dumps([{"type": block_type, "value": value, "id": str(uuid.uuid4())} for value in values])


def seed_scheme(apps, schema_editor):
    GradingScheme = apps.get_model("assessments", "GradingScheme")
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    if GradingScheme.objects.filter(version_label=VERSION_LABEL).exists():
        return
    now = timezone.now()
    GradingScheme.objects.create(
        name="售后人员定职定级与薪资方案",
        version_label=VERSION_LABEL,
        effective_date=datetime.date(2000, 1, 1),
        policy_version=PolicyVersion.objects.filter(title=SOURCE_DOCUMENT).order_by("-published_at").first(),
        source_document=SOURCE_DOCUMENT,
        change_summary=(
            "初始方案：依据《售后服务人员培训管理办法》录入。原文未载明生效日期，按 2000-01-01 起算，"
            "使任何日期都有适用方案；制度修订后请复制本方案，按实际生效日期发布新版本。"
        ),
        pass_mark="80",
        bands=stream("band", [{"lower_bound": low, "grade": grade} for low, grade in BANDS]),
        qualifications=stream("position", QUALIFICATIONS),
        pay_table=stream("row", [
            {"grade": grade, "full_time_total": total, "full_time_travel_supplement": supplement,
             "reserve_allowance": allowance, "reserve_travel_basis": basis, "reserve_travel_subsidy": subsidy}
            for grade, total, supplement, allowance, basis, subsidy in PAY_TABLE
        ]),
        position_share="70",
        working_days=22,
        penalty_bands=stream("band", [{"min_rate": rate, "amount": amount} for rate, amount in PENALTY_BANDS]),
        dealer_daily_fee="200",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        confirmed_at=now,
    )


def remove_scheme(apps, schema_editor):
    GradingScheme = apps.get_model("assessments", "GradingScheme")
    GradingScheme.objects.filter(version_label=VERSION_LABEL, decisions__isnull=True).delete()


def grant_hr(apps, schema_editor):
    grant(apps, HR, [
        ACCESS_ADMIN,
        *model_permissions("assessments", "gradingscheme", "定级与薪资方案", ("add", "change", "view", "publish")),
        ("assessments", "gradedecision", "view_gradedecision", "Can view 定级记录"),
        ("assessments", "gradedecision", "confirm_gradedecision", "可以确认定级结果"),
    ])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_initial"),
        ("policies", "0002_publication_workflow"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed_scheme, remove_scheme),
        migrations.RunPython(grant_hr, migrations.RunPython.noop),
    ]
