"""The plan table through its pages: HR draws it up, the trainer writes the
day's entry, the trainee disputes it, a later stage sends the trainee back;
lines stop changing once the table goes to the executive VP."""
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError

from lms import traineeship
from lms.models import (
    AfterSalesLevel,
    Enrolment,
    EventKind,
    PlanEntry,
    TableStatus,
    Track,
    TraineePlanTable,
)
from people.models import Notification
from people.records import ImmutableRecordError

from .builders import PLACED, approved_table, delivered, make_course, people

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 3)


@pytest.fixture
def p():
    return people()


def line(p, content, trainer="trainer", department="technical", start="2026-03-02", end="2026-03-13"):
    return {"content": content, "department": p[department].pk, "trainer": p[trainer].pk,
            "planned_start": start, "planned_end": end, "goal": "能独立完成"}


def test_hr_draws_up_a_table_with_its_lines_and_submits_it(p, login):
    hr = login(p["hr"])

    created = hr.post("/training/plan-tables/new/", {
        "trainee": p["trainee"].pk, "source": "dealer", "level": AfterSalesLevel.ADVANCED,
        "placement_score": "99", "sponsor": "华东办事处", "sponsor_email": "east@example.com"}, follow=True)
    table = TraineePlanTable.objects.get(trainee=p["trainee"])
    assert "已编制培训计划表" in created.content.decode()
    # The level and score come from the placement test, never typed in by hand.
    assert (table.source, table.level, table.placement_score) == ("dealer", AfterSalesLevel.BASIC, None)
    assert table.status == TableStatus.DRAFT

    actions = f"/training/plan-tables/{table.pk}"
    hr.post(f"{actions}/add-item/", line(p, "产品结构与电气基础"))
    hr.post(f"{actions}/add-item/", line(p, "写错的一行"))
    hr.post(f"{actions}/add-item/", line(p, "故障分析与维修", trainer="trainer2", department="after_sales",
                                          start="2026-03-16", end="2026-03-27"))
    hr.post(f"{actions}/remove-item/", {"item": table.items.get(content="写错的一行").pk})
    hr.post(f"{actions}/submit/")

    assert list(table.items.values_list("seq", "content")) == [(1, "产品结构与电气基础"), (2, "故障分析与维修")]
    table.refresh_from_db()
    assert table.status == TableStatus.SUBMITTED
    delivered()
    assert Notification.objects.filter(user=p["evp"], title__contains="培训计划表待审批").exists()
    html = hr.get(table.get_absolute_url()).content.decode()
    assert "产品结构与电气基础" in html and "写错的一行" not in html


def test_a_line_with_its_end_before_its_start_is_refused_on_the_page(p, login):
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    response = login(p["hr"]).post(f"/training/plan-tables/{table.pk}/add-item/",
                                   line(p, "装配调试", start="2026-03-13", end="2026-03-02"))
    assert response.status_code == 400 and "计划结束日期不能早于开始日期" in response.content.decode()
    assert not table.items.exists()


def test_only_hr_draws_up_tables(p, login):
    assert login(p["trainer"]).get("/training/plan-tables/new/").status_code == 403
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    response = login(p["trainer"]).post(f"/training/plan-tables/{table.pk}/add-item/", line(p, "x"))
    assert response.status_code == 403 and not table.items.exists()


def test_a_trainee_who_has_a_table_is_not_offered_a_second(p, login):
    approved_table(p)
    html = login(p["hr"]).get("/training/plan-tables/new/").content.decode()
    trainee_select = html.split('name="trainee"')[1].split("</select>")[0]
    assert "trainee_t" not in trainee_select and "trainer_t" in trainee_select


def test_what_the_executive_vp_approves_no_longer_changes(p):
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    item = traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"],
                                trainer=p["trainer"], planned_start=DAY, planned_end=DAY)
    traineeship.submit(table, p["hr"])

    item.refresh_from_db()
    item.content = "悄悄改成别的内容"
    with pytest.raises(ImmutableRecordError):
        item.save()
    with pytest.raises(ImmutableRecordError):
        item.delete()
    with pytest.raises(ValidationError):
        traineeship.remove_item(item, p["hr"])
    with pytest.raises(ValidationError, match="等待常务副总审批"):
        traineeship.add_item(table, p["hr"], content="插一行", department=p["technical"], trainer=p["trainer"],
                             planned_start=DAY, planned_end=DAY)

    traineeship.approve(table, p["evp"])
    added = traineeship.add_item(table, p["hr"], content="补充：维护保养", department=p["technical"],
                                 trainer=p["trainer"], planned_start=DAY, planned_end=DAY)
    assert added.seq == 2 and table.events.filter(kind=EventKind.ITEM_ADDED, item=added).exists()
    assert table.items.get(seq=1).content == "电气基础"


def test_approval_enrols_the_trainee_in_their_levels_courses_and_tells_the_first_trainer(p):
    basic = make_course("售后基础课程", track=Track.IN_SERVICE, after_sales_level=AfterSalesLevel.BASIC)
    advanced = make_course("售后高级课程", track=Track.IN_SERVICE, after_sales_level=AfterSalesLevel.ADVANCED)

    table = approved_table(p)  # level: basic (the default)

    enrolment = Enrolment.objects.get(user=p["trainee"], course=basic)
    assert enrolment.due_date == table.items.order_by("-seq").first().planned_end
    assert not Enrolment.objects.filter(user=p["trainee"], course=advanced).exists()
    delivered()
    assert Notification.objects.filter(user=p["trainer"], title__contains="请为陈学员填写培训记录").exists()


def test_the_trainer_writes_the_days_entry_on_the_page_and_the_trainee_disputes_it(p, login):
    table = approved_table(p)
    trainer = login(p["trainer"])
    page = trainer.get(table.get_absolute_url()).content.decode()
    today = re.search(r'name="actual_date" value="([^"]*)"', page).group(1)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", today), "a date picker needs an ISO value"

    trainer.post(f"/training/plan-tables/{table.pk}/record/", {
        "actual_date": "2026-03-03", "actual_content": "讲解控制程序", "assessment": "基本掌握"})
    entry = PlanEntry.objects.get(item__table=table)
    assert (entry.trainer, entry.actual_content) == (p["trainer"], "讲解控制程序")
    delivered()
    assert Notification.objects.filter(user=p["trainee"], title__contains="请确认培训记录").exists()

    trainee = login(p["trainee"])
    refused = trainee.post(f"/training/plan-entries/{entry.pk}/dispute/", {"reason": " "}, follow=True)
    assert "请写明异议内容" in refused.content.decode()
    trainee.post(f"/training/plan-entries/{entry.pk}/dispute/", {"reason": "没有讲控制程序，只讲了接线"})

    assert table.events.filter(kind=EventKind.DISPUTED, entry=entry, actor=p["trainee"]).exists()
    delivered()
    assert Notification.objects.filter(user=p["trainer"], title__contains="提出异议").exists()
    html = login(p["hr"]).get(table.get_absolute_url()).content.decode()
    assert "没有讲控制程序，只讲了接线" in html and "责任在培训人（林培训师）" in html


def test_a_trainer_of_another_stage_cannot_write_on_the_current_one(p, login):
    table = approved_table(p)
    login(p["trainer2"]).post(f"/training/plan-tables/{table.pk}/record/", {
        "actual_date": "2026-03-03", "actual_content": "代写", "assessment": "好"})
    assert not PlanEntry.objects.exists()


def test_a_later_stage_sends_the_trainee_back_on_the_page(p, login):
    table = approved_table(p)
    first = table.current_item
    login(p["trainer"]).post(f"/training/plan-tables/{table.pk}/pass/", {"note": "目标达成"})
    table.refresh_from_db()
    assert table.current_item.seq == 2
    delivered()
    assert Notification.objects.filter(user=p["trainer2"], title__contains="进入第 2 行培训").exists()

    client = login(p["trainer2"])
    assert "退回重新培训" in client.get(table.get_absolute_url()).content.decode()
    client.post(f"/training/plan-tables/{table.pk}/send-back/", {"to_item": first.pk, "reason": "接线不熟练"})

    table.refresh_from_db()
    assert table.current_item == first
    html = client.get(table.get_absolute_url()).content.decode()
    assert "由第 2 行退回第 1 行：接线不熟练" in html


def test_the_pdf_prints_the_paper_forms_columns_and_the_entries(p, login):
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    table = approved_table(p)
    entry = traineeship.record_entry(table.current_item, p["trainer"], DAY, "讲解电气原理图", "掌握良好")
    traineeship.dispute(entry, p["trainee"], "只讲了一半")

    response = login(p["hr"]).get(f"/training/plan-tables/{table.pk}/pdf/")

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", "", text)
    columns = ["序号", "受训内容", "培训部门/人", "计划培训时间", "实际培训时间及培训内容", "培训人评估",
               "培训师签名", "受训人签名"]
    positions = [text.index(c) for c in columns]
    assert positions == sorted(positions), "the columns in the paper form's order"
    assert "讲解电气原理图" in text and "只讲了一半" in text and "林培训师" in text
