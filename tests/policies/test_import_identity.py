"""Import identity and drafts: a document is known by its own 文件编号 or its
normalised title with a content fingerprint, never by its position; a new or
changed document becomes a draft; ``--publish`` publishes through the
workflow's path with the importer as the approval record."""
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from people.demo import ensure_organisation
from people.models import Department
from policies import importing
from policies.importing import import_files
from policies.models import AcknowledgementTask, PolicyPage, PolicyVersion
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SEED_004 = Path(settings.PORTAL_SEED_DIR) / "004_24faa9f5e36780d1.txt"

KAOQIN = "员工考勤管理办法\n第一条为规范员工考勤，制定本办法。\n第二条本办法适用于全体员工。\n第三条请假须提前一天提交申请。\n"
CANGKU = "仓库管理规定\n第一条仓库由仓管员负责。\n第二条出入库须登记。\n"
YEWU_A = "业务部管理制度\n第一条业务员每日填写拜访记录。\n第二条合同须经部门经理审核。\n"
YEWU_B = "业务部管理制度\n第一条业务部每周一召开例会。\n第二条费用报销须附发票。\n"


def run(*paths, **options):
    out = io.StringIO()
    call_command("import_policies", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def counts():
    return PolicyPage.objects.count(), Revision.objects.count(), PolicyVersion.objects.count()


def revisions_of(title):
    return {p.pk: p.revisions.count() for p in PolicyPage.objects.filter(title=title)}


# ---- identity -----------------------------------------------------------------


@pytest.mark.skipif(not SEED_004.exists(), reason="no seed files")
def test_one_new_document_at_the_top_and_one_changed_article_give_one_revision_and_one_page(tmp_path):
    """The measured case: before, 22 policies changed; now exactly one."""
    original = SEED_004.read_text(encoding="utf-8")
    run(write(tmp_path / "004.txt", original))
    untouched = {p.pk: p.revisions.count() for p in PolicyPage.objects.all()}
    article = "第三条业务部安全生产管理工作遵循“安全第一、预防为主、综合治理”的方针"
    assert original.count(article) == 1
    edited = original.replace(article, article.replace("综合治理", "综合治理、持续改进"))
    output = run(write(tmp_path / "004.txt", CANGKU + "\n" + edited))
    assert "新建 1，修订 1，未变 17" in output
    changed = PolicyPage.objects.get(title="业务部安全生产管理制度")
    assert changed.get_latest_revision_as_object().change_summary == "第三条 修改"
    assert PolicyPage.objects.filter(title="仓库管理规定").count() == 1
    after = {pk: n for pk, n in ((p.pk, p.revisions.count()) for p in PolicyPage.objects.all()) if pk in untouched}
    assert [pk for pk in untouched if after[pk] != untouched[pk]] == [changed.pk]


def test_reordering_and_deleting_other_documents_changes_nothing(tmp_path):
    run(write(tmp_path / "a.txt", "\n".join([KAOQIN, CANGKU, YEWU_A, YEWU_B])))
    before = counts()
    output = run(write(tmp_path / "a.txt", "\n".join([YEWU_B, CANGKU, YEWU_A])))
    assert "新建 0，修订 0，未变 3" in output
    assert counts() == before


def test_identical_re_import_changes_nothing_even_after_a_publication(tmp_path):
    path = write(tmp_path / "a.txt", KAOQIN + "\n" + CANGKU)
    run(path, publish=True)
    before = counts()
    assert "新建 0，修订 0，未变 2" in run(path)
    assert "新建 0，修订 0，未变 2" in run(path, publish=True)
    assert counts() == before


def test_two_documents_with_one_title_are_told_apart_by_their_content(tmp_path):
    run(write(tmp_path / "a.txt", YEWU_A + "\n" + YEWU_B))
    pages = PolicyPage.objects.filter(title="业务部管理制度").order_by("pk")
    assert pages.count() == 2 and pages[0].document_number != pages[1].document_number
    before = revisions_of("业务部管理制度")
    output = run(write(tmp_path / "a.txt", YEWU_A + "\n" + YEWU_B.replace("每周一", "每周五")))
    assert "新建 0，修订 1，未变 1" in output
    after = revisions_of("业务部管理制度")
    assert after[pages[0].pk] == before[pages[0].pk]
    assert after[pages[1].pk] == before[pages[1].pk] + 1


def test_a_changed_title_that_matches_several_pages_is_reported_not_guessed(tmp_path):
    run(write(tmp_path / "a.txt", YEWU_A + "\n" + YEWU_B))
    before = counts()
    both_changed = YEWU_A.replace("每日", "每周") + "\n" + YEWU_B.replace("每周一", "每周五")
    output = run(write(tmp_path / "a.txt", both_changed))
    assert "无法确定 2" in output and "对应 2 个已有制度" in output
    assert counts() == before


def test_a_stated_document_number_is_the_identity_and_two_claims_of_one_number_are_refused(tmp_path):
    numbered = "员工考勤管理办法\n文件编号：HR-KQ-001\n第一条为规范员工考勤，制定本办法。\n"
    run(write(tmp_path / "a.txt", numbered))
    policy = PolicyPage.objects.get(document_number="HR-KQ-001")
    # Renamed and changed, the number still finds the same page.
    output = run(write(tmp_path / "a.txt", numbered.replace("员工考勤管理办法", "考勤管理办法").replace("为规范", "为进一步规范")))
    assert "新建 0，修订 1" in output
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    assert draft.title == "考勤管理办法" and "标题修改" in draft.change_summary
    before = counts()
    twice = numbered + "\n" + numbered.replace("员工考勤管理办法", "值班管理办法").replace("考勤", "值班")
    output = run(write(tmp_path / "b.txt", twice))
    assert "都自称文件编号 HR-KQ-001" in output and "无法确定 2" in output
    assert counts() == before


def test_added_and_removed_articles_are_named_in_the_summary(tmp_path):
    run(write(tmp_path / "a.txt", KAOQIN))
    revised = KAOQIN.replace("第三条请假须提前一天提交申请。\n", "第三条请假须提前两天提交申请。\n第四条本办法自发布之日起执行。\n")
    output = run(write(tmp_path / "a.txt", revised))
    assert "修订：第三条 修改；新增第四条" in output


# ---- drafts and publication ----------------------------------------------------


def test_by_default_nothing_is_published_and_nobody_gets_a_task(tmp_path):
    make_user("worker")
    output = run(write(tmp_path / "a.txt", KAOQIN))
    assert "新建草稿 1" in output
    policy = PolicyPage.objects.get(title="员工考勤管理办法")
    assert not policy.live and policy.revisions.count() == 1
    assert not PolicyVersion.objects.exists() and not AcknowledgementTask.objects.exists()


def test_publish_records_the_importer_as_approval_and_assigns_tasks_in_scope(tmp_path):
    ensure_organisation()
    business, hr = Department.objects.get(code="business"), Department.objects.get(code="hr")
    clerk = make_user("clerk", department=business)
    outsider = make_user("outsider", department=hr)
    importer = make_user("hr_admin", last_name="李", first_name="人资", is_superuser=True)
    text = "业务部费用管理制度\n第一条本制度适用于公司业务部所有员工。\n第二条费用须事前申请。\n"
    output = run(write(tmp_path / "a.txt", text), publish=True, user="hr_admin")
    assert "已发布 1" in output
    policy = PolicyPage.objects.get(title="业务部费用管理制度")
    version = policy.current_version
    assert policy.live and version.approved_by == "李人资" and version.approved_on is not None
    assert "导入" in version.approval_note and version.published_by == importer
    assert set(AcknowledgementTask.objects.values_list("user__username", flat=True)) == {"clerk"}
    assert not AcknowledgementTask.objects.filter(user=outsider).exists()
    assert clerk.pk in AcknowledgementTask.objects.values_list("user_id", flat=True)


def test_reference_material_is_published_without_acknowledgement(tmp_path):
    make_user("worker")
    run(write(tmp_path / "a.txt", "售后培训计划方案\n一、培训目标提升技能。\n二、培训内容产品知识。\n"), publish=True)
    policy = PolicyPage.objects.get(title="售后培训计划方案")
    assert policy.live and not policy.requires_acknowledgement
    assert not AcknowledgementTask.objects.exists()


def test_publish_is_refused_for_top_secret_documents(tmp_path):
    text = "核心配方管理规定\n密级：绝密\n第一条配方仅限总经理指定人员查阅。\n"
    output = run(write(tmp_path / "a.txt", text), publish=True)
    assert "绝密文件不能通过导入直接发布" in output
    policy = PolicyPage.objects.get(title="核心配方管理规定")
    assert not policy.live and not PolicyVersion.objects.exists()


def test_an_unknown_importing_user_or_one_who_may_not_publish_is_refused(tmp_path):
    with pytest.raises(CommandError, match="没有用户名"):
        run(write(tmp_path / "a.txt", KAOQIN), user="nobody")
    make_user("reader")
    with pytest.raises(CommandError, match="没有发布制度的权限"):
        run(write(tmp_path / "a.txt", KAOQIN), user="reader", publish=True)
    assert not PolicyPage.objects.exists()


def test_identity_keys_ignore_blank_space_and_the_script():
    assert importing.title_key("業務部 管理制度") == importing.title_key("业务部管理制度")
    assert importing.fingerprint("规定", "第一条\n甲。") == importing.fingerprint("规定", "第一条 甲。")
    assert importing.identity_key("任意标题", "hr-kq-001") == "no:HR-KQ-001"


def test_import_files_returns_the_batch(tmp_path):
    batch = import_files([write(tmp_path / "a.txt", KAOQIN)])
    assert batch.count(importing.CREATED) == 1 and batch.documents[0].page_id
