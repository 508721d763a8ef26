"""The trainee's plan table 培训计划表: approval, daily entries, signing,
disputes, sending back, and an audit trail with no edits after signing."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms import traineeship
from lms.models import EventKind, PlanEntry, PlanEvent, TableStatus
from people.models import Profile
from people.records import ImmutableRecordError

from .builders import PLACED, approved_table, people

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 3)


@pytest.fixture
def p():
    return people()


def entry(table, trainer, content="讲解电气原理图", day=DAY):
    return traineeship.record_entry(table.current_item, trainer, day, content, "掌握良好")


def test_the_table_has_exactly_the_paper_forms_columns(p, login):
    table = approved_table(p)
    html = login(p["trainee"]).get(table.get_absolute_url()).content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    columns = [c.split("</th>")[0] for c in head.split("<th>")[1:]]
    assert columns == ["序号", "受训内容", "培训部门/人", "计划培训时间", "实际培训时间及培训内容",
                       "培训人评估", "培训师签名", "受训人签名"]


def test_one_table_per_trainee(p):
    approved_table(p)
    with pytest.raises(ValidationError):
        traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)


def test_only_the_executive_vp_approves_and_only_then_entries_can_be_written(p):
    table = traineeship.create_table(p["trainee"], p["hr"], placement_score=PLACED)
    traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"], trainer=p["trainer"],
                         planned_start=DAY, planned_end=DAY)
    traineeship.submit(table, p["hr"])
    with pytest.raises(ValidationError):
        traineeship.record_entry(table.items.get(), p["trainer"], DAY, "x", "y")
    with pytest.raises(PermissionDenied):
        traineeship.approve(table, p["hr"])

    traineeship.approve(table, p["evp"])
    assert table.status == TableStatus.APPROVED and table.current_item.seq == 1


def test_only_the_lines_trainer_writes_the_entry(p):
    table = approved_table(p)
    with pytest.raises(PermissionDenied):
        entry(table, p["trainer2"])
    with pytest.raises(PermissionDenied):
        entry(table, p["trainee"])


def test_the_trainee_signs_an_entry_once(p):
    table = approved_table(p)
    written = entry(table, p["trainer"])

    traineeship.sign(written, p["trainee"])
    with pytest.raises(ValidationError):
        traineeship.sign(written, p["trainee"])
    with pytest.raises(ValidationError):
        traineeship.dispute(written, p["trainee"], "改主意了")

    row = [r for r in traineeship.rows(table) if r.entry][0]
    assert row.signed and not row.disputed


def test_nobody_else_signs_for_the_trainee(p):
    table = approved_table(p)
    written = entry(table, p["trainer"])
    with pytest.raises(PermissionDenied):
        traineeship.sign(written, p["trainer"])


def test_a_dispute_stays_visible_and_is_on_the_trainer(p, login):
    table = approved_table(p)
    written = entry(table, p["trainer"], content="故障排除实操")

    traineeship.dispute(written, p["trainee"], "当天只讲了理论，没有实操")

    row = [r for r in traineeship.rows(table) if r.entry][0]
    assert row.disputed and row.answer.note == "当天只讲了理论，没有实操"
    html = login(p["hr"]).get(table.get_absolute_url()).content.decode()
    assert "当天只讲了理论，没有实操" in html
    assert "责任在培训人（林培训师）" in html
    printed = login(p["hr"]).get(f"/training/plan-tables/{table.pk}/print/").content.decode()
    assert "当天只讲了理论，没有实操" in printed


def test_signed_entries_cannot_be_edited_or_deleted(p):
    table = approved_table(p)
    written = entry(table, p["trainer"])
    traineeship.sign(written, p["trainee"])

    written.assessment = "悄悄改成优秀"
    with pytest.raises(ImmutableRecordError):
        written.save()
    with pytest.raises(ImmutableRecordError):
        PlanEntry.objects.filter(pk=written.pk).update(assessment="悄悄改")
    with pytest.raises(ImmutableRecordError):
        written.delete()
    with pytest.raises(ImmutableRecordError):
        PlanEvent.objects.filter(table=table).delete()
    assert PlanEntry.objects.get(pk=written.pk).assessment == "掌握良好"


def test_a_correction_is_a_new_entry_and_the_original_stays(p):
    table = approved_table(p)
    original = entry(table, p["trainer"], content="讲解控制程序")
    traineeship.dispute(original, p["trainee"], "日期写错了")

    fixed = traineeship.record_entry(original.item, p["trainer"], DAY + datetime.timedelta(days=1),
                                     "讲解控制程序", "掌握良好", corrects=original)
    traineeship.sign(fixed, p["trainee"])

    rows = [r for r in traineeship.rows(table) if r.entry]
    assert [r.entry.pk for r in rows] == [original.pk, fixed.pk]
    assert rows[0].disputed and rows[0].corrected_by == [fixed]
    assert rows[1].signed
    kinds = list(table.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.CORRECTED) == 1 and kinds.count(EventKind.DISPUTED) == 1


def test_a_later_stage_sends_the_trainee_back_to_an_earlier_one(p):
    table = approved_table(p, stages=3)
    first = table.current_item
    traineeship.pass_stage(table, p["trainer"])
    assert table.current_item.seq == 2

    with pytest.raises(PermissionDenied):
        traineeship.send_back(table, first, p["trainee"], "不会接线")
    with pytest.raises(ValidationError):
        traineeship.send_back(table, table.current_item, p["trainer2"], "同一阶段")
    traineeship.send_back(table, first, p["trainer2"], "接线不熟练，未达到第一阶段目标")

    table.refresh_from_db()
    assert table.current_item == first
    event = table.events.get(kind=EventKind.SENT_BACK)
    assert event.actor == p["trainer2"] and "未达到第一阶段目标" in event.note
    # Back in stage 1, its trainer writes entries again.
    entry(table, p["trainer"], content="重新练习接线")


def test_the_last_stage_passed_finishes_the_training(p):
    table = approved_table(p, stages=1)
    traineeship.pass_stage(table, p["trainer"])
    assert table.status == TableStatus.FINISHED


def test_the_audit_trail_records_every_step_in_order(p):
    table = approved_table(p)
    written = entry(table, p["trainer"])
    traineeship.sign(written, p["trainee"])

    kinds = list(table.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.SUBMITTED, EventKind.APPROVED, EventKind.ENTRY, EventKind.SIGNED]


def test_the_table_follows_the_trainee_to_a_new_department(p):
    table = approved_table(p)
    profile = Profile.objects.get(user=p["trainee"])
    profile.department = p["technical"]
    profile.save()

    moved = table.events.get(kind=EventKind.TRANSFERRED)
    assert "售后部" in moved.note and "技术部" in moved.note
    assert p["trainee"].plan_table == table


def test_the_trainee_signs_through_the_page(p, login):
    table = approved_table(p)
    written = entry(table, p["trainer"])
    client = login(p["trainee"])

    client.post(f"/training/plan-entries/{written.pk}/sign/")
    again = client.post(f"/training/plan-entries/{written.pk}/sign/", follow=True).content.decode()

    assert table.events.filter(kind=EventKind.SIGNED, entry=written).count() == 1
    assert "不能再次操作" in again


def test_other_employees_cannot_open_a_plan_table(p, login):
    from tests.factories import make_user

    table = approved_table(p)
    assert login(make_user("nosy")).get(table.get_absolute_url()).status_code == 403


def test_the_pdf_has_the_paper_form(p, login):
    pytest.importorskip("weasyprint")
    table = approved_table(p)
    entry(table, p["trainer"])
    response = login(p["hr"]).get(f"/training/plan-tables/{table.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_a_table_without_a_placement_result_is_not_approved(p):
    """四.A: the trainee takes the 摸底考试 before the plan table is approved."""
    table = traineeship.create_table(p["trainee"], p["hr"])
    traineeship.add_item(table, p["hr"], content="电气基础", department=p["technical"], trainer=p["trainer"],
                         planned_start=DAY, planned_end=DAY)
    traineeship.submit(table, p["hr"])
    with pytest.raises(ValidationError, match="尚无摸底考试结果"):
        traineeship.approve(table, p["evp"])
    table.refresh_from_db()
    assert table.status == TableStatus.SUBMITTED and table.approved_by is None
    assert not table.events.filter(kind="approved").exists()
