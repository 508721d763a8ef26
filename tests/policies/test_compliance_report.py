"""HR compliance reports in the Wagtail admin: the numbers, the people, the
exports, and who may see them."""
import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.models import Confidentiality, person_name
from policies import acknowledgements, compliance
from policies.models import AcknowledgementTask
from tests.factories import DepartmentFactory, make_scoped_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(db):
    """售后部: one acknowledged, one pending; 生产部: one acknowledged, one overdue."""

    class World:
        after_sales = DepartmentFactory(code="after-sales-r", name="售后部")
        production = DepartmentFactory(code="production-r", name="生产部")
        hr_dept = DepartmentFactory(code="hr-r", name="人资部")
        a_done = make_user("a_done", department=after_sales)
        a_pending = make_user("a_pending", department=after_sales)
        p_done = make_user("p_done", department=production)
        p_late = make_user("p_late", department=production)
        hr = make_user("hr_r", department=hr_dept, clearance=Confidentiality.CONFIDENTIAL, groups=["人资部"])
        policy = make_scoped_policy(departments=[after_sales, production], title="安全生产管理制度",
                                    document_number="SC-001")

    World.version = World.policy.versions.get()
    acknowledgements.acknowledge(World.a_done, World.policy, 1, ip_address="10.1.1.1")
    acknowledgements.acknowledge(World.p_done, World.policy, 1, ip_address="10.1.1.2")
    AcknowledgementTask.objects.filter(user=World.p_late).update(due=timezone.localdate() - 2 * DAY)
    return World


def urls(version):
    return {
        "index": reverse("policies_compliance:index"),
        "version": reverse("policies_compliance:version", args=[version.pk]),
        "departments": reverse("policies_compliance:departments", args=[version.pk]),
    }


def export(client, url, fmt):
    response = client.get(url, {"export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def by_first_column(rows):
    return {row[0]: row for row in rows[1:]}


def test_overview_counts_people_in_scope_acknowledged_pending_overdue(world, login):
    rows = export(login(world.hr), urls(world.version)["index"], "csv")
    assert rows[0] == ["文件编号", "制度名称", "版次", "版本号", "发布日期", "确认截止日期",
                       "应确认人数", "已确认", "待确认", "已逾期", "确认率"]
    row = by_first_column(rows)["SC-001"]
    assert row[1] == "安全生产管理制度" and row[2] == "1"
    assert row[6:] == ["4", "2", "1", "1", "50.0%"]


def test_overview_page_links_to_each_version(world, login):
    html = login(world.hr).get(urls(world.version)["index"]).content.decode()
    assert "SC-001 安全生产管理制度" in html
    assert urls(world.version)["version"] in html


def test_version_report_lists_everyone_with_their_status_in_csv(world, login):
    rows = export(login(world.hr), urls(world.version)["version"], "csv")
    assert rows[0][:6] == ["姓名", "用户名", "工号", "部门", "岗位", "状态"]
    people = {row[1]: row for row in rows[1:]}
    assert set(people) == {"a_done", "a_pending", "p_done", "p_late"}
    assert people["a_done"][0] == person_name(world.a_done)
    assert [people[u][5] for u in ("a_done", "a_pending", "p_done", "p_late")] == ["已确认", "待确认", "已确认", "已逾期"]
    assert people["a_done"][3] == "售后部" and people["p_late"][3] == "生产部"
    assert people["a_done"][8:] == ["1", "10.1.1.1"]
    assert people["a_done"][7].startswith(timezone.localdate().isoformat())
    assert people["a_pending"][7:] == ["", "", ""]


def test_version_report_exports_the_same_in_xlsx(world, login):
    rows = export(login(world.hr), urls(world.version)["version"], "xlsx")
    assert rows[0][5] == "状态"
    people = {row[1]: row for row in rows[1:]}
    assert people["p_late"][5] == "已逾期"
    assert people["p_done"][9] == "10.1.1.2"
    acknowledged_at = people["p_done"][7]
    assert isinstance(acknowledged_at, datetime.datetime)
    # Local (Asia/Shanghai) wall-clock time, not UTC.
    assert abs(acknowledged_at - timezone.localtime().replace(tzinfo=None)) < datetime.timedelta(minutes=5)


def test_report_per_department_and_its_exports(world, login):
    client = login(world.hr)
    for fmt in ("csv", "xlsx"):
        rows = by_first_column(export(client, urls(world.version)["departments"], fmt))
        assert [str(v) for v in rows["售后部"][1:]] == ["2", "1", "1", "0", "50.0%"]
        assert [str(v) for v in rows["生产部"][1:]] == ["2", "1", "0", "1", "50.0%"]
        assert "人资部" not in rows


def test_version_page_shows_totals_departments_and_a_chart(world, login):
    html = login(world.hr).get(urls(world.version)["version"]).content.decode()
    assert "<td data-total>4</td>" in html and "<td data-overdue>1</td>" in html
    assert "<svg" in html and "<polyline" in html
    assert "累计已确认 2 / 4 人" in html
    assert "<script src=\"http" not in html


def test_people_filter_by_status(world, login):
    html = login(world.hr).get(urls(world.version)["version"], {"status": "overdue"}).content.decode()
    listing = html.split('id="listing-results"')[1]
    assert person_name(world.p_late) in listing
    assert person_name(world.a_pending) not in listing and person_name(world.a_done) not in listing


def test_acknowledging_a_later_version_counts_for_the_earlier_one(world, login):
    revised = publish_new_version(world.policy, "增加应急预案", parts=[("article", "发生事故须立即上报。")])
    acknowledgements.acknowledge(world.a_pending, revised, 2)
    rows = by_first_column(export(login(world.hr), urls(world.version)["departments"], "csv"))
    assert rows["售后部"][1:3] == ["2", "2"]
    v2_rows = export(login(world.hr), urls(revised.versions.get(number=2))["version"], "csv")
    statuses = {row[1]: row[5] for row in v2_rows[1:]}
    assert statuses["a_pending"] == "已确认"
    assert statuses["a_done"] == "待重新确认（已确认旧版本）"  # acknowledged version 1 only: outdated


def test_chart_series_counts_acknowledgements_per_day():
    start = datetime.date(2026, 3, 1)
    days = [start, start + DAY, start + DAY, start + 3 * DAY]
    assert compliance.cumulative_series(start, start + 4 * DAY, days) == [
        (start, 1), (start + DAY, 3), (start + 2 * DAY, 3), (start + 3 * DAY, 4), (start + 4 * DAY, 4),
    ]


# ---- who may see ---------------------------------------------------------------------


def test_reports_are_for_hr_only(world, login):
    editor = make_user("editor_r", groups=["制度编辑"])  # may use the admin, is not HR
    client = login(editor)
    for url in urls(world.version).values():
        assert client.get(url).status_code == 403, url
        assert client.get(url, {"export": "csv"}).status_code == 403, url
    hr = login(world.hr)
    for url in urls(world.version).values():
        assert hr.get(url).status_code == 200, url


def test_employees_without_admin_access_never_get_the_report(world, login):
    response = login(world.a_done).get(urls(world.version)["index"], {"export": "csv"})
    assert response.status_code in (302, 403)
    assert "SC-001" not in response.content.decode()


def test_the_permission_alone_also_opens_the_reports(world, login):
    auditor = make_user("auditor_r")
    auditor.user_permissions.add(
        Permission.objects.get(codename="view_compliance_report"),
        Permission.objects.get(codename="access_admin"),
    )
    assert login(auditor).get(urls(world.version)["index"]).status_code == 200


def test_reports_menu_shows_the_report_to_hr_only(world, login):
    editor = make_user("editor_menu", groups=["制度编辑"])
    assert urls(world.version)["index"] in login(world.hr).get(reverse("wagtailadmin_home")).content.decode()
    assert urls(world.version)["index"] not in login(editor).get(reverse("wagtailadmin_home")).content.decode()


def test_hr_without_clearance_does_not_see_a_confidential_policys_report(world, login):
    cleared = make_user("cleared_r", department=world.after_sales, clearance=Confidentiality.CONFIDENTIAL)
    secret = make_scoped_policy(departments=[world.after_sales], title="售后备件底价表", document_number="SC-009",
                                confidentiality=Confidentiality.CONFIDENTIAL)
    version = secret.versions.get()
    assert AcknowledgementTask.objects.filter(version=version, user=cleared).exists()

    junior_hr = make_user("junior_hr", department=world.hr_dept, clearance=Confidentiality.SECRET, groups=["人资部"])
    client = login(junior_hr)
    overview = by_first_column(export(client, urls(version)["index"], "csv"))
    assert "SC-009" not in overview and "SC-001" in overview
    assert client.get(urls(version)["version"]).status_code == 403
    assert client.get(urls(version)["departments"], {"export": "csv"}).status_code == 403

    # HR cleared for 机密 sees it, though the policy is not for HR's own department.
    assert "SC-009" in by_first_column(export(login(world.hr), urls(version)["index"], "csv"))
    assert login(world.hr).get(urls(version)["version"]).status_code == 200
