"""What the import reads from a document (scope, approvals, number, version,
dates, never invented) and what it warns HR about, each warning with its
line; bad files refused with their name, nothing written."""
import base64
import io

import docx
import pytest
from django.core.management import CommandError, call_command

from people.models import Department
from policies.importing import parse_text
from policies.models import PolicyPage
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def run(*paths, **options):
    out = io.StringIO()
    call_command("import_policies", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def kinds(document):
    return {finding.kind: finding.line for finding in document.warnings}


# ---- metadata ------------------------------------------------------------------

STATED = """售后备件管理办法
文件编号：SH-BJ-2024-03
版本：B/2
上传人:abc 上传时间:2023-01-05
第一条本办法适用于售后部和客服部全体员工。
第二条备件出库须经售后部经理签字。
第三条本办法自2024年3月1日起施行。
制定：张伟 2024年2月1日
审核：李娜
批准：王强
"""


def test_what_the_text_states_is_read_and_nothing_is_invented():
    (document,) = parse_text(STATED, "a.txt").documents
    assert document.stated_number == "SH-BJ-2024-03" and document.version_label == "B/2"
    assert document.effective_date.isoformat() == "2024-03-01"
    assert document.approvals["drafted_by"] == "张伟" and document.approvals["drafted_on"].isoformat() == "2024-02-01"
    assert (document.approvals["reviewed_by"], document.approvals["approved_by"]) == ("李娜", "王强")
    # The web page's upload date is never an effective date.
    (undated,) = parse_text(STATED.replace("第三条本办法自2024年3月1日起施行。\n", ""), "a.txt").documents
    assert undated.effective_date is None


def test_scope_is_matched_to_departments_and_the_rest_is_shown(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STATED, encoding="utf-8")
    run(path)
    policy = PolicyPage.objects.get(document_number="SH-BJ-2024-03")
    assert [d.code for d in policy.scope_departments.all()] == ["after-sales"]
    assert "未能匹配的部门或岗位：客服部" in policy.import_notes
    assert (policy.version_label, policy.effective_date.isoformat()) == ("B/2", "2024-03-01")
    assert (policy.drafted_by, policy.reviewed_by, policy.approved_by) == ("张伟", "李娜", "王强")
    assert "归口部门“售后部”为推测：标题含“售后”" in policy.import_notes


def test_a_policy_without_a_date_says_it_takes_effect_on_publication(tmp_path, login):
    path = tmp_path / "a.txt"
    path.write_text("值班管理规定\n第一条值班人员须按时交接。\n", encoding="utf-8")
    run(path, publish=True)
    policy = PolicyPage.objects.get(title="值班管理规定")
    assert policy.effective_date is None
    html = login(make_user("reader")).get(policy.url).content.decode()
    assert "以发布日期为准" in html


# ---- warnings, each with its line ------------------------------------------------


def test_each_warning_kind_is_reported_with_its_line():
    text = "\n".join([
        "客户回访管理制度",                       # 1
        "第一条客户回访每月一次。",                 # 2
        "本文来源：www.example.com 免费下载",      # 3 furniture
        "第二条回访记录锟斤拷锟斤拷须存档。",        # 4 mojibake
        "第三条回访结果报部门经理，并且",            # 5 truncated
    ])
    found = kinds(parse_text(text).documents[0])
    assert found["furniture"] == 3 and found["mojibake"] == 4 and found["truncated"] == 5

    prose = parse_text("前台接待规定\n接待人员应当礼貌待客，耐心解答来访者的问题。\n").documents[0]
    assert kinds(prose)["no_structure"] == 1

    clinic = parse_text("口腔医院业务部管理制度\n一、业务部负责患者回访。\n二、做好登记。\n").documents[0]
    assert kinds(clinic)["other_org"] == 1
    dealer = parse_text("展厅管理规定\n第一条展车每日清洁。\n第二条试乘试驾须登记。\n第三条展车钥匙统一保管。\n")
    assert "other_org" in kinds(dealer.documents[0])

    sentences = "——客户管理制度 50句菁华\n" + "\n".join(f"{n}、第{n}句话。" for n in range(1, 6))
    assert kinds(parse_text(sentences).documents[0])["sentence_collection"] == 1


def test_the_command_prints_the_warning_counts_and_skips_what_is_not_ours(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("口腔医院业务部管理制度\n一、业务部负责患者回访。\n二、做好登记。\n\n"
                    "值班管理规定\n第一条值班人员须按时交接。\n", encoding="utf-8")
    output = run(path, verbosity=2)
    assert "跳过 1" in output and "其他单位或行业 1" in output
    assert "[其他单位或行业] 第 1 行" in output
    assert list(PolicyPage.objects.values_list("title", flat=True)) == ["值班管理规定"]
    run(path, include_flagged=True)
    assert PolicyPage.objects.count() == 2


def test_a_traditional_policy_keeps_its_text_and_offers_a_simplified_reading(tmp_path, login):
    path = tmp_path / "a.txt"
    path.write_text("客戶培訓檔案管理規定\n第一條培訓檔案由人資部統一保管。\n第二條調閱檔案須經審批。\n", encoding="utf-8")
    run(path, publish=True)
    policy = PolicyPage.objects.get(title="客戶培訓檔案管理規定")
    client = login(make_user("reader"))
    original = client.get(policy.url).content.decode()
    assert "培訓檔案由人資部統一保管" in original and "?script=hans" in original
    simplified = client.get(policy.url + "?script=hans").content.decode()
    assert "培训档案由人资部统一保管" in simplified and "客户培训档案管理规定" in simplified


# ---- bad files ----------------------------------------------------------------------


def word_file(path, table=False, picture=False):
    document = docx.Document()
    document.add_heading("员工考勤管理办法", level=1)
    document.add_paragraph("第一条 为规范员工考勤，制定本办法。")
    if table:
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "序号"
    if picture:
        image = path.parent / "dot.png"
        image.write_bytes(PNG)
        document.add_picture(str(image))
    document.save(path)
    return path


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("empty.txt", lambda p: p.write_bytes(b""), "空"),
        ("binary.txt", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "UTF-8"),
        ("gbk.txt", lambda p: p.write_bytes("员工考勤管理办法\n第一条为规范考勤。".encode("gb18030")), "GBK/GB18030"),
        ("table.docx", lambda p: word_file(p, table=True), "含有表格"),
        ("picture.docx", lambda p: word_file(p, picture=True), "含有图片"),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_written(tmp_path, name, make, expected):
    bad = tmp_path / name
    make(bad)
    good = tmp_path / "good.txt"
    good.write_text("值班管理规定\n第一条值班人员须按时交接。\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(good, bad)
    assert name in str(refused.value) and expected in str(refused.value)
    assert not PolicyPage.objects.exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.POLICY_IMPORT_MAX_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_text("值班管理规定\n" + "第一条值班人员须按时交接。\n" * 100, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(big)
    assert "big.txt" in str(refused.value) and "超过导入上限" in str(refused.value)
    assert not PolicyPage.objects.exists() and Department.objects.count() >= 0
