"""The redline tells the truth after an edit in the page editor: a browser
sends a textarea's line breaks as CRLF, and an article the editor did not
touch must not come out of the compare view as modified."""
import pytest
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from policies.blocks import normalise_text
from policies.models import PolicyPage
from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db

PARTS = [
    ("chapter", "总则"),
    ("article", "为规范售后服务人员的培训，制定本办法。"),
    ("article", "受训人员应完成以下培训：\n（一）产品结构与电气基础；\n（二）故障分析与维修。"),
    ("article", "培训计划表由售后部经理编制，\n报常务副总审批。"),
    ("chapter", "考核"),
    ("article", "书面考试与实际操作考核均以八十分为合格。\n不合格者可以补考一次。"),
    ("article", "补考期间每日培训不少于 25 小时。\n  受训人员须在计划表上签名。  "),
    ("article", "本办法自发布之日起执行。"),
]


def form_data(page, parts, summary):
    """The editor's form as the browser posts it: every field, and each
    textarea's line breaks as CRLF."""
    def crlf(text):
        return text.replace("\n", "\r\n")

    blocks = []
    for kind, text in parts:
        value = {"title": text} if kind == "chapter" else {"text": crlf(text)}
        blocks.append((kind, value))
    return nested_form_data({
        "title": page.title, "slug": page.slug,
        "document_number": page.document_number, "version_label": "A/1",
        "effective_date": page.effective_date.isoformat(),
        "category": str(page.category_id), "owner_department": "", "confidentiality": str(page.confidentiality),
        "change_summary": crlf(summary), "revision_kind": "substantive", "acknowledgement_days": "7",
        "body": streamfield(blocks),
        "action-submit": "submit",
    })


def approve(page, user):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.specific.task.specific.on_action(task_state, user, "approve")


def test_editing_one_article_in_the_admin_shows_only_that_article_as_changed(login):
    editor = make_user("crlf_editor", clearance=1, groups=["制度编辑"])
    reviewer = make_user("crlf_reviewer", clearance=2, groups=["部门审核"])
    approver = make_user("crlf_approver", clearance=3, groups=["批准"])
    page = make_policy(title="售后服务人员培训管理办法", document_number="ZD-CRLF-01", parts=PARTS)

    edited = list(PARTS)
    edited[6] = ("article", edited[6][1].replace("25", "20"))
    response = login(editor).post(f"/admin/pages/{page.pk}/edit/", form_data(page, edited, "第五条：\n25 改为 20。"))
    assert response.status_code == 302, response.content.decode()[:3000]
    approve(page, reviewer)
    approve(page, approver)

    page = PolicyPage.objects.get(pk=page.pk)
    assert page.versions.count() == 2
    assert all("\r" not in block.value["text"] for block in page.body if block.block_type == "article")

    html = login(make_user("crlf_reader")).get(page.url + "compare/1/2/").content.decode()
    assert html.count('class="redline-row changed"') == 1
    assert 'class="redline-row changed" id="article-5"' in html
    assert "<del>25</del><ins>20</ins>" in html
    assert "本次共 1 处变动" in html


def test_a_version_saved_with_crlf_before_the_fix_compares_equal_to_lf():
    from policies.redline import redline

    old = [{"type": "article", "label": "第一条", "anchor": "article-1", "title": "",
            "text": "第一行\r\n第二行  \r\n\r\n"}]
    new = [{"type": "article", "label": "第一条", "anchor": "article-1", "title": "",
            "text": "第一行\n第二行"}]
    assert [row["status"] for row in redline(old, new)] == ["same"]


def test_normalise_text_keeps_words_and_single_line_breaks():
    assert normalise_text("  甲\r\n乙\t \r\n\r\n\r\n丙\r") == "甲\n乙\n\n丙"
