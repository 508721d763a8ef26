"""``import_policies``: the company's pasted regulation files become policy
pages, once, cleanly, and a file that cannot be imported changes nothing.

The five seed files are imported once for the whole module (``--publish``,
as ``make run`` does; inside one transaction that is rolled back at the
end); each test runs in a savepoint of it, so tests that import more see the
seeded library and leave it as they found it. Identity, drafts and triage
have modules of their own (test_import_identity, test_import_triage)."""
import io
from pathlib import Path
from unittest import mock

import docx
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Revision

from people.models import Confidentiality
from policies import importing
from policies.importing import (
    ImportFilesError,
    import_files,
    parse_file,
    parse_text,
)
from policies.models import PolicyPage, PolicyVersion

pytestmark = pytest.mark.django_db

SEED_DIR = Path(settings.PORTAL_SEED_DIR)
SEED_FILES = sorted(SEED_DIR.glob("*.txt"))
needs_seeds = pytest.mark.skipif(len(SEED_FILES) < 5, reason=f"no seed files in {SEED_DIR}")

# Documents per seed file. 000 is a "通用5篇" page of which two parts are
# shown; 001 is a page of ten sentence collections; 002 is one document;
# 003 and 004 are pages of about twenty after-sales / business documents.
EXPECTED_DOCUMENTS = {"000": 2, "001": 10, "002": 1, "003": 20, "004": 21}
CLUTTER = ["上传人", "上傳", "温馨提示", "溫馨提示", "下载", "下載", "页数", "文档编号", "金锄头",
           "人人文库", "小编", "希望对", "阅读网", "展开阅读", "(guī)", "(yè)"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed files imported once; rolled back after the module."""
    if len(SEED_FILES) < 5:
        pytest.skip(f"no seed files in {SEED_DIR}")
    with django_db_blocker.unblock():
        with transaction.atomic():
            batch = import_files(SEED_FILES, publish=True)
            yield {parsed.key: batch.of_file(parsed) for parsed in batch.files}
            transaction.set_rollback(True)


def page(seeded, key, position):
    """The page of the ``position``-th document of seed file ``key``."""
    (result,) = [r for r in seeded[key] if r.document.position == position]
    return PolicyPage.objects.get(pk=result.page_id)


def counts():
    return (PolicyPage.objects.count(), Revision.objects.count(), PolicyVersion.objects.count())


def run(*paths, **options):
    out = io.StringIO()
    call_command("import_policies", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# ---- the seeds ----------------------------------------------------------


@needs_seeds
def test_each_seed_file_gives_the_expected_number_of_documents(seeded):
    found = {key: len(results) for key, results in seeded.items()}
    assert found == EXPECTED_DOCUMENTS
    # The ten sentence collections of 001 and three other organisations'
    # rules in 004 are skipped; the rest is published, one version each.
    skipped = {key: [r.document.position for r in results if r.action == importing.SKIPPED]
               for key, results in seeded.items()}
    assert skipped == {"000": [], "001": list(range(1, 11)), "002": [], "003": [], "004": [14, 16, 21]}
    assert PolicyPage.objects.live().count() == sum(EXPECTED_DOCUMENTS.values()) - 13
    assert PolicyVersion.objects.count() == sum(EXPECTED_DOCUMENTS.values()) - 13
    assert page(seeded, "003", 1).title == "售后培训管理制度"


@needs_seeds
def test_parsing_a_seed_twice_gives_the_same_documents():
    first, second = parse_file(SEED_FILES[3]), parse_file(SEED_FILES[3])
    assert [(d.title, d.stream()) for d in first.documents] == [(d.title, d.stream()) for d in second.documents]


@needs_seeds
def test_a_document_with_chapters_has_consecutive_generated_articles(seeded):
    policy = page(seeded, "003", 2)  # 售后培训管理制度 (the 范文 one in seed 003)
    parts = policy.numbered_body()
    chapters = [p for p in parts if p["type"] == "chapter"]
    articles = [p for p in parts if p["type"] == "article"]
    assert [c["title"] for c in chapters] == ["总则", "岗前培训", "在职培训", "培训评估", "制度宣传", "附则"]
    assert len(articles) == 21
    assert articles[0]["label"] == "第一条" and articles[-1]["label"] == "第二十一条"
    assert articles[0]["text"] == "为了规范售后培训工作,提高售后服务质量,制定本制度"
    # The source's own "第六条" is not left in the text; its clauses are one per line.
    assert articles[5]["text"].split("\n") == [
        "公司将对新员工进行一定期限的岗前培训,主要内容包括:",
        "(一)公司的组织架构和内部管理制度,包括各个部门的职责和工作流程",
        "(二)产品知识和技术知识的培训,包括产品的特点、规格、使用方法等",
        "(三)服务流程和技巧的培训,包括客户接待、问题解答等技巧",
        "(四)安全生产知识的培训,包括操作规范、安全防护措施等",
        "(五)其他相关知识的培训,根据具体岗位需求确定",
    ]
    assert not any(p["text"].startswith("第") and "条" in p["text"][:5] for p in articles)
    assert seeded["003"][1].document.warnings == []


@needs_seeds
def test_articles_glued_into_one_line_are_split_and_a_typo_number_is_read(seeded):
    """Seed 000 pastes a whole regulation on one line, page chunks and all,
    and writes 第二一条 for 第二十一条."""
    policy = page(seeded, "000", 2)
    assert policy.title == "培训管理制度（二）"
    articles = [p for p in policy.numbered_body() if p["type"] == "article"]
    assert len(articles) == 21
    assert articles[10]["text"].startswith("对于晋职晋级、调岗的员工,到新岗位上要有三个月的培训期")
    assert articles[20]["label"] == "第二十一条"
    assert "一、新员工培训内容:\n1、公司的发展历程及未来规划。" in articles[20]["text"]
    # Page chunks were joined back where the site cut words in two.
    assert "客户准入标准和淘汰标准" in page(seeded, "000", 1).body_text()


@needs_seeds
def test_the_after_sales_training_rules_are_imported_with_their_key_content(seeded):
    """售后服务人员培训管理办法 is pasted in seed 003 in shuffled fragments,
    partly twice and split by an ad block: the fragments are put back
    together, repeats dropped, and read as a structured regulation: its
    numbered sections are items (in the source's order, with anchors), their
    lettered A、B、 and numbered 1)、2)、 clauses each on a line; each place
    where the source's order breaks is a warning with its line."""
    policy = page(seeded, "003", 12)
    assert policy.title == "售后服务人员培训管理办法"
    text = policy.body_text()
    for phrase in ("摸底考试", "培训计划表", "80分", "200元/天", "常务副总", "3500元月薪"):
        assert phrase in text
    assert text.count("完善售后安装/保养/维修人员的内部培训方案") == 1
    assert "文件名称" not in text and "下载文档前" not in text
    assert "培训计划表 | 序号 | 受训内容 | 培训部门/人 | 计划培训时间" in text
    items = [p for p in policy.numbered_body() if p["type"] == "item"]
    assert [i["title"] for i in items[:6]] == ["目的", "适用范围", "权责", "编制培训计划", "培训考核",
                                             "售后(含兼职)人员岗位技能要求制订"]
    assert [i["anchor"] for i in items[:2]] == ["item-0-1", "item-0-2"]
    assert items[2]["text"].split("\n")[:3] == [
        "A、董事长:批准本制度;", "B、常务副总:制定本制度、监督本制度的实施;",
        "C、技术部:制定安装、维修手册;并进行安装/维修方面的培训与考核及必要的售后支援;",
    ]
    assert "\n1)、基础培训计划:" in items[3]["text"]
    warnings = [str(w) for w in seeded["003"][11].document.findings("order")]
    assert "第 328 行：编号事项编号不连续：第四之后是第六，可能漏掉了内容或原文顺序错乱。" in warnings
    assert "第 333 行：编号事项编号倒退：第六之后是第三，原文顺序错乱。" in warnings
    assert any("已按原文出现的顺序导入并重新编号" in w for w in warnings)
    # The page itself renders for a reader.
    assert policy.category.name == "培训管理"
    assert policy.owner_department.code == "after-sales"


@needs_seeds
def test_the_traditional_chinese_seed_is_imported_with_its_sections(seeded):
    policy = page(seeded, "002", 1)
    assert policy.title == "客戶培訓日常管理制度"
    items = [p for p in policy.numbered_body() if p["type"] == "item"]
    assert [i["title"] for i in items] == [
        "總則", "培訓需求調研與分析", "培訓計劃制定與審批", "培訓師資管理",
        "培訓課程開發與管理", "培訓實施與管理", "培訓效果評估與反饋", "培訓檔案管理",
    ]
    assert items[0]["text"].startswith("(一)目的本制度旨在規范公司客戶培訓日常管理工作")
    assert "建立公司內部培訓師資庫" in policy.body_text()
    assert policy.category.slug == "training"


@needs_seeds
def test_no_web_page_clutter_reaches_an_imported_body(seeded):
    for policy in PolicyPage.objects.all():
        text = policy.title + "\n" + policy.body_text()
        found = [word for word in CLUTTER if word in text]
        assert not found, f"{policy.document_number} {policy.title}: {found}"


@needs_seeds
def test_stock_sentences_are_cut_off_the_last_article_they_are_glued_to(seeded):
    last = [p for p in page(seeded, "003", 2).numbered_body() if p["type"] == "article"][-1]
    assert last["text"] == "本制度的解释权归公司所有"


@needs_seeds
def test_new_pages_get_their_metadata(seeded):
    policy = page(seeded, "004", 2)  # 业务部安全生产管理制度
    assert (policy.version_label, policy.confidentiality) == ("A/0", Confidentiality.PUBLIC)
    assert policy.category.name == "安全管理" and policy.owner_department.code == "business"
    assert policy.live and policy.current_version.change_summary == ""
    # 适用范围 "业务部全体员工…" sets the scope; the guesses carry their reason.
    assert [d.code for d in policy.scope_departments.all()] == ["business"]
    assert "类别“安全管理”为推测：标题含“安全”" in policy.import_notes
    # No date is invented: neither the upload date of the web page nor a default.
    assert policy.effective_date is None and page(seeded, "000", 1).effective_date is None
    assert "以发布日期为准" in policy.import_notes


@needs_seeds
def test_an_imported_policy_renders_for_an_employee(seeded, employee, login):
    response = login(employee).get(page(seeded, "003", 2).url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "第二十一条" in html and "岗前培训" in html


# ---- idempotency and new versions ---------------------------------------


@needs_seeds
def test_importing_the_same_files_again_changes_nothing(seeded):
    before = counts()
    output = run(*SEED_FILES)
    assert counts() == before
    assert "采用 41（新建 0，修订 0，未变 41），跳过 13" in output
    assert all(p.versions.count() == 1 for p in PolicyPage.objects.all())


@needs_seeds
def test_a_changed_document_becomes_one_draft_revision_with_a_generated_summary(seeded, tmp_path):
    original = SEED_FILES[3].read_text(encoding="utf-8")
    assert original.count("第二十一条本制度的解释权归公司所有") == 1
    changed = write(tmp_path / "003_revised.txt", original.replace(
        "第二十一条本制度的解释权归公司所有", "第二十一条本制度的解释权归公司人资部所有"
    ))
    pages, revisions, versions = counts()
    output = run(changed)
    assert "新建 0，修订 1，未变 19" in output
    assert "修订：第二十一条 修改" in output
    # One new draft revision; nothing published, no new version.
    assert counts() == (pages, revisions + 1, versions)
    policy = page(seeded, "003", 2)
    assert policy.has_unpublished_changes and policy.versions.count() == 1
    assert "人资部所有" not in policy.body_text()
    draft = policy.get_latest_revision_as_object()
    assert "本制度的解释权归公司人资部所有" in draft.body_text()
    assert (draft.change_summary, draft.version_label) == ("第二十一条 修改", "A/1")
    # Importing the changed file again changes nothing more.
    assert "新建 0，修订 0，未变 20" in run(changed)
    assert counts() == (pages, revisions + 1, versions)


@needs_seeds
def test_a_dry_run_reports_and_writes_nothing(seeded, tmp_path):
    before = counts()
    output = run(SEED_FILES[0], write(tmp_path / "950_new.txt", SMALL_POLICY), dry_run=True)
    assert "试运行" in output and "新建 1，修订 0，未变 2" in output
    assert "950_new.txt：发现 1 篇，新建草稿 1" in output
    assert counts() == before


# ---- files that cannot be imported --------------------------------------

SMALL_POLICY = """员工考勤管理办法
温馨提示
员工考勤管理办法第一章总则第一条为规范员工考勤，制定本办法。第二条本办法适用于全体员工，包括：（一）正式员工；（二）试用期员工。
第二章请假第三条请假须提前一天提交申请。
上传人:hr**** 文档编号:123 上传时间:2024-03-01 格式:DOCX 页数:2
"""


def test_a_small_policy_is_cleaned_split_and_structured():
    parsed = parse_text(SMALL_POLICY, "960_kq.txt")
    assert parsed.stated_date.isoformat() == "2024-03-01"
    (document,) = parsed.documents
    assert document.title == "员工考勤管理办法"
    assert document.stream() == [
        ("chapter", {"title": "总则"}),
        ("article", {"text": "为规范员工考勤，制定本办法。"}),
        ("article", {"text": "本办法适用于全体员工，包括：\n（一）正式员工；\n（二）试用期员工。"}),
        ("chapter", {"title": "请假"}),
        ("article", {"text": "请假须提前一天提交申请。"}),
    ]
    assert document.warnings == []


def test_a_gap_in_the_article_numbers_is_reported():
    parsed = parse_text("安全检查规定\n第一条检查每月一次。\n第二条由安全员负责。\n第四条发现隐患立即整改。\n")
    (document,) = parsed.documents
    assert document.count("article") == 3
    assert any("第二之后是第四" in warning for warning in document.warnings)


def test_a_document_that_marks_itself_confidential_is_imported_as_such():
    parsed = parse_text("客户档案管理规定\n密级：机密\n第一条客户档案由业务部保管。\n")
    assert parsed.documents[0].confidentiality == Confidentiality.CONFIDENTIAL


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("gbk.txt", "员工考勤管理办法\n第一条为规范考勤。".encode() + "\n第二条".encode("gbk"),
         ["gbk.txt", "第 3 行", "UTF-8", "字节"]),
        ("empty.txt", b"", ["empty.txt", "第 1 行", "空"]),
        ("blank.txt", b"  \n\n \n", ["blank.txt", "第 1 行", "空"]),
        ("noise.txt", "上传人:abc\n今天天气很好。\n我们去公园。\n".encode(),
         ["noise.txt", "第 2", "找不到任何制度文件"]),
        ("policy.pdf", b"%PDF-1.4", ["policy.pdf", "不支持", ".pdf"]),
        ("broken.docx", b"not a zip file", ["broken.docx", "Word"]),
    ],
)
def test_a_bad_file_is_refused_with_its_name_and_line_and_changes_nothing(tmp_path, name, content, expected):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write(tmp_path / "970_good.txt", SMALL_POLICY)
    before = counts()
    with pytest.raises(CommandError) as refused:
        run(good, bad)
    message = str(refused.value)
    for part in expected:
        assert part in message
    assert "没有导入任何文件" in message
    # Files are checked first: the good file was not imported either.
    assert counts() == before
    assert not PolicyPage.objects.filter(title="员工考勤管理办法").exists()


def test_every_bad_file_is_named_at_once(tmp_path):
    first = tmp_path / "a.txt"
    first.write_bytes(b"")
    second = tmp_path / "b.doc"
    second.write_bytes(b"x")
    with pytest.raises(ImportFilesError) as refused:
        import_files([first, second])
    assert [error.path.name for error in refused.value.errors] == ["a.txt", "b.doc"]


def test_a_file_that_fails_while_importing_leaves_no_half_imported_document(tmp_path):
    text = SMALL_POLICY + "\n培训考核办法\n第一条培训结束后考核。\n\n请假审批规定\n第一条请假由部门经理审批。\n"
    source = write(tmp_path / "980_three.txt", text)
    assert len(parse_file(source).documents) == 3
    real = importing.Importer.import_document
    calls = []

    def fail_on_third(self, result):
        calls.append(result.document.position)
        if result.document.position == 3:
            raise RuntimeError("数据库连接中断")
        return real(self, result)

    before = counts()
    with mock.patch.object(importing.Importer, "import_document", fail_on_third):
        with pytest.raises(CommandError) as failed:
            run(source)
    assert calls == [1, 2, 3]
    assert "没有导入任何内容" in str(failed.value)
    assert counts() == before
    assert not PolicyPage.objects.filter(title__in=["员工考勤管理办法", "培训考核办法"]).exists()


# ---- Word files ---------------------------------------------------------


def test_a_word_file_is_imported(tmp_path):
    document = docx.Document()
    document.add_heading("员工考勤管理办法", level=1)
    document.add_paragraph("第一章 总则")
    document.add_paragraph("第一条 为规范员工考勤，制定本办法。")
    document.add_paragraph("第二条 本办法适用于全体员工，包括：（一）正式员工；（二）试用期员工。")
    document.add_paragraph("第二章 请假")
    document.add_paragraph("第三条 请假须提前一天提交申请。")
    path = tmp_path / "人资部考勤.docx"
    document.save(path)

    output = run(path)
    assert "人资部考勤.docx：发现 1 篇，新建草稿 1" in output
    policy = PolicyPage.objects.get(title="员工考勤管理办法")
    assert not policy.live
    parts = policy.numbered_body()
    assert [p["type"] for p in parts] == ["chapter", "article", "article", "chapter", "article"]
    assert parts[2]["text"] == "本办法适用于全体员工，包括：\n（一）正式员工；\n（二）试用期员工。"
    assert policy.owner_department.code == "hr"
    # The same Word file again: nothing changes.
    before = counts()
    assert "新建 0，修订 0，未变 1" in run(path)
    assert counts() == before


def test_the_same_document_under_another_file_name_is_one_document(tmp_path):
    """"990_a.txt" and "renamed.txt" with the same text: one page."""
    assert "新建 1" in run(write(tmp_path / "990_a.txt", SMALL_POLICY))
    assert "新建 0，修订 0，未变 1" in run(write(tmp_path / "renamed.txt", SMALL_POLICY))
    output = run(write(tmp_path / "x.txt", SMALL_POLICY), write(tmp_path / "y.txt", SMALL_POLICY))
    assert "未变 1）" in output and "重复 1" in output and "与 x.txt 第 1 篇内容相同" in output
    assert PolicyPage.objects.filter(title="员工考勤管理办法").count() == 1


# ---- the samples shipped with the product ------------------------------------------

SAMPLES = sorted((Path(settings.BASE_DIR) / "policies" / "samples").glob("*.txt"))


def test_the_sample_regulations_import_cleanly_and_publish(employee, login):
    """``make run`` without seed files imports these: a populated portal."""
    assert len(SAMPLES) >= 3
    before = PolicyPage.objects.live().count()  # the seeded library may be there (module fixture)
    output = run(*SAMPLES, publish=True)
    assert f"采用 {len(SAMPLES)}" in output and "跳过 0" in output and "警告：无" in output
    assert PolicyPage.objects.live().count() == before + len(SAMPLES)
    training = PolicyPage.objects.get(document_number="HR-PX-001")
    assert len([p for p in training.numbered_body() if p["type"] == "article"]) == 12
    assert (training.drafted_by, training.reviewed_by, training.approved_by) == ("人资部", "常务副总", "董事长")
    assert PolicyPage.objects.get(document_number="SH-KH-001").effective_date.isoformat() == "2025-01-01"
    assert not PolicyPage.objects.get(title="年度培训工作计划方案").requires_acknowledgement
    assert login(employee).get(training.url).status_code == 200
