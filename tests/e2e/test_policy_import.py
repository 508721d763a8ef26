"""管理 › 导入制度 in a real browser: upload a file (through the progress-bar
upload), adopt two documents, skip one, submit one of them to the 制度发布审批
workflow."""
import pytest
from wagtail.models import WorkflowState

from policies.models import ImportBatch, PolicyPage
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = (
    "值班管理规定\n第一条本规定适用于生产部全体员工。\n第二条值班人员须按时交接。\n\n"
    "安全检查办法\n第一条安全检查每月一次。\n第二条发现隐患立即整改。\n\n"
    "口腔医院业务部管理制度\n一、业务部负责患者回访。\n二、做好登记。\n"
)


def test_hr_uploads_adopts_two_skips_one_and_submits_one(page_as, tmp_path):
    editor = make_user("e2e_import_editor", groups=["制度编辑"], is_staff=True)
    source = tmp_path / "制度汇编.txt"
    source.write_text(TEXT, encoding="utf-8")
    page = page_as(editor)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto("/admin/policy-import/")
    page.locator("input[type=file]").set_input_files(str(source))
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_role("heading", name="核对导入的制度").wait_for()
    rows = page.locator("tr[data-document]")
    assert rows.count() == 3

    def row(title):  # titles are in the rename boxes
        return rows.filter(has=page.locator(f'input[value="{title}"]'))

    clinic = row("口腔医院业务部管理制度")
    assert "其他单位或行业" in clinic.inner_text()
    assert clinic.get_by_label("跳过").is_checked()  # proposed by triage

    duty = row("值班管理规定")
    duty.get_by_label("采用").check()
    duty.locator("input[name$=-title]").fill("生产值班管理规定")
    check = row("安全检查办法")
    check.get_by_label("采用").check()
    check.get_by_label("提交审批").uncheck()
    page.get_by_role("button", name="导入所选制度（保存为草稿）").click()
    page.get_by_role("heading", name="导入结果").wait_for()
    assert "已提交审批" in page.locator("tr[data-document]", has_text="生产值班管理规定").inner_text()

    assert sorted(PolicyPage.objects.values_list("title", flat=True)) == ["安全检查办法", "生产值班管理规定"]
    submitted = [p.title for p in PolicyPage.objects.all()
                 if WorkflowState.objects.for_instance(p).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()]
    assert submitted == ["生产值班管理规定"]
    assert not PolicyPage.objects.filter(live=True).exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.IMPORTED
    assert not errors, errors


RUN_TOGETHER = (
    "值班管理规定\n第一条本规定适用于生产部全体员工。\n第二条值班人员须按时交接。\n"
    "安全检查要点\n第一条安全检查每月一次。\n第二条发现隐患立即整改。\n"
)
# Records what the upload's progress bar showed, across the page change.
WATCH_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.querySelector("[data-import-progress]");
  if (!bar) return;
  new MutationObserver(() => {
    if (!bar.hidden) sessionStorage.setItem("import-progress", String(bar.value));
  }).observe(bar, {attributes: true});
});
"""


def test_hr_sees_the_upload_progress_and_splits_a_document_in_two(page_as, tmp_path):
    editor = make_user("e2e_split_editor", groups=["制度编辑"], is_staff=True)
    source = tmp_path / "值班与安全.txt"
    source.write_text(RUN_TOGETHER, encoding="utf-8")
    page = page_as(editor)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH_PROGRESS)

    page.goto("/admin/policy-import/")
    page.locator("input[type=file]").set_input_files(str(source))
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_role("heading", name="核对导入的制度").wait_for()
    assert page.evaluate("sessionStorage.getItem('import-progress')") == "100"  # the bar went to 100%
    rows = page.locator("tr[data-document]")
    assert rows.count() == 1
    assert "可能是两篇文件连在一起" in rows.first.inner_text()

    rows.first.get_by_text("拆分为两篇").click()
    rows.first.get_by_label("从这一行起为另一篇（标题行即作新标题）").select_option(label="第 4 行：安全检查要点")
    rows.first.get_by_role("button", name="在此行拆分").click()
    page.get_by_text("拆分为两篇（后一篇为《安全检查要点》）").wait_for()
    assert rows.count() == 2
    assert page.locator('input[value="值班管理规定"]').count() == 1
    assert page.locator('input[value="安全检查要点"]').count() == 1
    assert "可能是两篇文件连在一起" not in page.locator("table.import-documents").inner_text()
    page.screenshot(path=str(tmp_path / "split.png"), full_page=True)

    for index in (0, 1):
        rows.nth(index).get_by_label("采用").check()
    page.get_by_role("button", name="导入所选制度（保存为草稿）").click()
    page.get_by_role("heading", name="导入结果").wait_for()
    assert set(PolicyPage.objects.values_list("title", flat=True)) == {"值班管理规定", "安全检查要点"}
    assert not PolicyPage.objects.filter(live=True).exists()
    assert not errors, errors
