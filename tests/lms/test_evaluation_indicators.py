"""Business impact, the evaluation's 4th measure (002 七): HR fills in the
before/after indicators the customer reports on the training's evaluation
page (a formset: add, edit, delete), with clear Chinese messages for bad
figures, all or nothing, logged; the report's chart and table show them."""
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.models import ImpactIndicator

from .evaluation_builders import training

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return training()


def data(rows, initial=0):
    """The POST of the indicators' formset (prefix ``indicators``)."""
    posted = {"indicators-TOTAL_FORMS": str(len(rows)), "indicators-INITIAL_FORMS": str(initial),
              "indicators-MIN_NUM_FORMS": "0", "indicators-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        row = {"name": "", "unit": "", "before": "", "after": "", "department": "", "reported_by": "",
               "reported_on": "", "note": "", **row}
        posted.update({f"indicators-{index}-{name}": value for name, value in row.items()})
    return posted


def url(t):
    return reverse("lms:evaluation_indicators", args=[t["session"].pk])


def test_hr_adds_indicators_on_the_evaluation_page_and_the_report_shows_them(t, login):
    client = login(t["hr"])
    page = client.get(reverse("lms:evaluation", args=[t["session"].pk])).content.decode()
    assert 'id="indicators-form"' in page and "填报业务影响指标" in page

    response = client.post(url(t), data([
        {"name": "一次修复率", "unit": "%", "before": "72", "after": "86.5", "department": t["after_sales"].pk,
         "reported_by": "周建国（售后部）", "note": "客户三月报表"},
        {"name": "平均停机时长", "unit": "小时", "before": "１，２00", "after": "950.25", "reported_by": "客户月报"},
    ]), follow=True)

    assert response.redirect_chain[-1][0].endswith("#m-impact")
    repair, downtime = ImpactIndicator.objects.get(name="一次修复率"), ImpactIndicator.objects.get(name="平均停机时长")
    assert (repair.unit, repair.before, repair.after, repair.department, repair.note) == (
        "%", Decimal("72"), Decimal("86.5"), t["after_sales"], "客户三月报表")
    assert (downtime.before, downtime.after, downtime.department) == (Decimal("1200"), Decimal("950.25"), None)
    assert downtime.reported_on is not None  # left empty: today
    page = response.content.decode()
    assert "新增 2 项" in page
    assert "一次修复率（售后部）" in page and "86.50" in page and "14.50" in page  # chart label, table, change
    assert "1200.00" in page and "-249.75" in page and "客户三月报表" in page
    assert ModelLogEntry.objects.filter(action="lms.impact.add").count() == 2


def test_hr_edits_and_deletes_indicators(t, login):
    kept = ImpactIndicator.objects.create(session=t["session"], name="一次修复率", before=70, after=80,
                                          reported_by="周建国")
    gone = ImpactIndicator.objects.create(session=t["session"], name="投诉次数", before=5, after=2,
                                          reported_by="客服")
    client = login(t["hr"])

    response = client.post(url(t), data([
        {"id": kept.pk, "name": "一次修复率", "before": "70", "after": "91", "reported_by": "周建国"},
        {"id": gone.pk, "name": "投诉次数", "before": "5", "after": "2", "reported_by": "客服", "DELETE": "on"},
    ], initial=2))

    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.after == Decimal("91") and not ImpactIndicator.objects.filter(pk=gone.pk).exists()
    assert {e.action for e in ModelLogEntry.objects.all()} >= {"lms.impact.edit", "lms.impact.delete"}
    page = client.get(reverse("lms:evaluation", args=[t["session"].pk])).content.decode()
    assert "91.00" in page and "投诉次数" not in page


@pytest.mark.parametrize("before, after, message", [
    ("七十二", "86", "培训前须为数字，如 72 或 86.5（不要填写单位）。"),
    ("72", "86%", "培训后须为数字，如 72 或 86.5（不要填写单位）。"),
    ("72.125", "86", "培训前最多保留两位小数。"),
    ("72", "123456789012", "培训后数值过大（整数部分最多 10 位）。"),
    ("", "86", "请填写培训前的数值。"),
])
def test_a_bad_figure_gets_a_clear_message_and_nothing_is_saved(t, login, before, after, message):
    kept = ImpactIndicator.objects.create(session=t["session"], name="一次修复率", before=70, after=80,
                                          reported_by="周建国")
    response = login(t["hr"]).post(url(t), data([
        {"id": kept.pk, "name": "一次修复率", "before": "70", "after": "99", "reported_by": "周建国"},
        {"name": "新指标", "before": before, "after": after, "reported_by": "客户"},
    ], initial=1))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "业务影响指标未保存" in page
    kept.refresh_from_db()
    assert kept.after == Decimal("80") and ImpactIndicator.objects.count() == 1  # the good row waits too


def test_name_and_source_are_required(t, login):
    response = login(t["hr"]).post(url(t), data([{"before": "1", "after": "2"}]))
    forms = response.context["indicators_form"].forms
    assert forms[0].errors["name"] == ["请填写指标名称。"]
    assert forms[0].errors["reported_by"] == ["请填写数据来源或报告人。"]


def test_only_hr_fills_in_indicators(t, login):
    posted = data([{"name": "一次修复率", "before": "1", "after": "2", "reported_by": "x"}])
    for who in ("trainee", "employee", "trainer"):  # the trainer reads the report but does not edit it
        client = login(t[who])
        assert client.post(url(t), posted).status_code == 403
        assert client.get(url(t)).status_code == 403
    assert not ImpactIndicator.objects.exists()
    page = login(t["trainer"]).get(reverse("lms:evaluation", args=[t["session"].pk])).content.decode()
    assert 'id="indicators-form"' not in page
