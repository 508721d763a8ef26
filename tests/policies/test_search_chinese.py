"""Chinese search through Wagtail's own search API: jieba words and OpenCC
Traditional → Simplified at index and query time (policies.search.backend),
and the site search on top of it (policies.search.search_policies).

The policy library is built once for the module (``library``); the seed
import is done once, at the end (``seeded``)."""
import datetime
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Phrase

from people.demo import ensure_organisation
from people.models import Confidentiality, Department
from policies.models import PolicyCategory, PolicyPage
from policies.search import search_policies
from policies.search.evaluation import evaluate, policy_text, sample_phrases, traditional_phrases
from policies.search.text import normalise
from tests.factories import make_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db

TRAINING = [
    ("chapter", "总则"),
    ("article", "为规范售后技师培训，制定本细则。"),
    ("article", "新入职人员须参加摸底考试，根据成绩确定培训级别。"),
    ("article", "培训主管机构根据摸底考试结果编制培训计划，报常务副总批准。"),
    ("chapter", "考核"),
    ("article", "书面考试和实际操作考核均以八十分为合格。"),
    ("item", "定级", "考核合格者按成绩评定为技工或工程师。"),
]
TRADITIONAL = [
    ("article", "本規定適用於公司客戶培訓師資庫的管理。"),
    ("article", "培訓主管部門每年制定客戶培訓計劃，並組織講師試講。"),
    ("article", "講師考核不合格者，移出師資庫。"),
]
# 培训 and 计划 many times, never side by side.
SCATTERED = [
    ("article", "各部门应做好培训工作，培训记录由人资部保存，培训费用按预算执行。"),
    ("article", "下一年度的计划由总经理审定，计划执行情况每季度通报。"),
]
SCRIPT = "切勿在系统中粘贴<script>alert('x')</script>代码，违反者按信息安全保密制度处理。"
SECRET = "备件底价按成本价上浮百分之五核定，不得向客户透露。"


@pytest.fixture(scope="module")
def library(django_db_setup, django_db_blocker):
    """Policies built once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_organisation()
        after_sales = Department.objects.get(code="after-sales")
        hr = Department.objects.get(code="hr")
        admin_category = PolicyCategory.objects.create(name="行政管理", slug="admin-affairs")
        pages = {
            "training": make_policy(
                title="售后技师培训实施细则", document_number="SCH-001", parts=TRAINING,
                owner_department=after_sales,
            ),
            "traditional": make_policy(
                title="客戶培訓師資管理規定", document_number="SCH-002", parts=TRADITIONAL,
                owner_department=hr,
            ),
            "scattered": make_policy(
                title="年度工作安排", document_number="SCH-003", parts=SCATTERED,
                category=admin_category,
            ),
            "script": make_policy(
                title="网页安全提示", document_number="SCH-004", parts=[("article", SCRIPT)],
                category=admin_category,
            ),
            "withdrawn": make_policy(
                title="旧版培训考勤规定", document_number="SCH-005",
                parts=[("article", "培训考勤实行纸质签到。")], withdrawn=True,
            ),
            "upcoming": make_policy(
                title="新版培训考勤规定", document_number="SCH-006",
                parts=[("article", "培训考勤实行电子签到。")],
            ),
            "secret": make_policy(
                title="售后备件价格管理办法", document_number="SCH-007",
                parts=[("article", SECRET)], confidentiality=Confidentiality.CONFIDENTIAL,
                owner_department=after_sales,
            ),
        }
        # In force from next month (published now, as an import would).
        PolicyPage.objects.filter(pk=pages["upcoming"].pk).update(
            effective_date=timezone.localdate() + datetime.timedelta(days=30)
        )
        secret = pages["secret"]
        secret.scope_departments.add(after_sales)
        secret.save_revision().publish()
        pages = {name: PolicyPage.objects.get(pk=page.pk) for name, page in pages.items()}
        yield pages
        transaction.set_rollback(True)


@pytest.fixture
def reader(library):
    return make_user("search_reader", clearance=Confidentiality.PUBLIC)


def titles(results):
    return [r["page"].title for r in results]


def found(query, **filters):
    return [page.pk for page in PolicyPage.objects.live().filter(**filters).search(query)]


# ---- Wagtail's search API ---------------------------------------------------


def test_wagtail_search_finds_words_inside_chinese_sentences(library):
    assert library["training"].pk in found("摸底考试")
    assert library["training"].pk in found("工程师")
    assert library["training"].pk in found("常务副总")


def test_simplified_query_finds_traditional_text_and_the_other_way_round(library):
    assert library["traditional"].pk in found("师资库")
    assert library["traditional"].pk in found("讲师试讲")
    assert library["training"].pk in found("摸底考試")  # Traditional 試
    assert library["training"].pk in found("書面考試")


def test_phrase_query_finds_the_phrase_and_ranks_it_above_scattered_words(library):
    results = found("培训计划")
    assert library["training"].pk in results
    assert library["traditional"].pk in results  # 培訓計劃
    # Both words, far apart: still found, but after the exact phrase.
    assert library["scattered"].pk in results
    assert results.index(library["scattered"].pk) > results.index(library["training"].pk)
    assert results.index(library["scattered"].pk) > results.index(library["traditional"].pk)


def test_query_finds_substrings_that_cut_through_words(library):
    # jieba cuts 培训级别 and 确定; the reader typed the characters in between.
    assert library["training"].pk in found("定培训级")


def test_quoted_phrases_and_or_queries_work_in_chinese(library):
    exact = found(Phrase("培训计划"))
    assert set(exact) == {library["training"].pk, library["traditional"].pk}
    either = [p.pk for p in PolicyPage.objects.live().search("航空母舰 摸底考试", operator="or")]
    assert library["training"].pk in either
    assert found("航空母舰 摸底考试") == []  # "and" by default


def test_words_that_are_nowhere_find_nothing(library):
    assert found("航空母舰") == []
    assert found("，。！") == []


def test_autocomplete_completes_the_last_chinese_word(library):
    completed = [p.pk for p in PolicyPage.objects.live().autocomplete("技师培")]
    assert completed[0] == library["training"].pk
    assert library["traditional"].pk in [p.pk for p in PolicyPage.objects.live().autocomplete("客户培")]


def test_publishing_a_new_version_reindexes_it(library):
    page = publish_new_version(
        library["script"], "补充说明", parts=[("article", "密码须每九十天更换一次。")]
    )
    assert page.pk in found("密码更换")
    assert page.pk not in found("信息安全保密")


def test_update_index_rebuilds_the_chinese_index(library):
    IndexEntry.objects.all().delete()
    assert found("摸底考试") == []
    call_command("update_index", verbosity=0)
    assert library["training"].pk in found("摸底考试")
    assert library["traditional"].pk in found("培训计划")


def test_backend_is_the_chinese_one_for_this_database(library):
    from django.db import connection

    expected = {
        "sqlite": "policies.search.backend_sqlite.ChineseSQLiteSearchBackend",
        "postgresql": "policies.search.backend_postgres.ChinesePostgresSearchBackend",
    }[connection.vendor]
    backend = type(get_search_backend())
    assert f"{backend.__module__}.{backend.__qualname__}" == expected


# ---- the site search ----------------------------------------------------------


def test_results_link_to_the_first_matching_article(library, reader):
    (result,) = [r for r in search_policies("培训计划", reader) if r["page"] == library["training"]]
    assert result["anchor"] == "article-3"
    assert result["label"] == "第三条"
    (item,) = [r for r in search_policies("工程师", reader) if r["page"] == library["training"]]
    assert item["anchor"] == "item-2-1"
    assert item["label"] == "一、"


def test_exact_phrase_matches_come_first(library, reader):
    results = search_policies("培训计划", reader)
    pages = [r["page"] for r in results]
    assert set(pages[:2]) == {library["training"], library["traditional"]}
    assert [r["exact"] for r in results[:2]] == [True, True]
    assert library["scattered"] in pages[2:]


def test_snippet_marks_the_match_in_its_traditional_characters(library, reader):
    (result,) = [r for r in search_policies("培训计划", reader) if r["page"] == library["traditional"]]
    assert "<mark>培訓計劃</mark>" in result["snippet"]
    assert result["anchor"] == "article-2"


def test_snippet_is_escaped_and_cannot_inject_markup(library, reader, login):
    (result,) = search_policies("信息安全保密", reader)
    snippet = str(result["snippet"])
    assert "<mark>信息安全保密</mark>" in snippet
    assert "&lt;script&gt;" in snippet
    assert "<script" not in snippet
    html = login(reader).get("/search/", {"q": "信息安全保密"}).content.decode()
    assert "<mark>信息安全保密</mark>" in html
    assert "<script>alert" not in html


def test_snippet_is_a_short_excerpt_around_the_match(library, reader):
    text = "。".join(f"第{n}项无关内容说明" for n in range(30)) + "。年终奖金按考核结果发放。" + "另有说明。" * 30
    page = make_policy(title="薪酬说明", document_number="SCH-099", parts=[("article", text)])
    (result,) = [r for r in search_policies("年终奖金", reader) if r["page"] == page]
    plain = re.sub(r"</?mark>", "", str(result["snippet"]))
    assert "<mark>年终奖金</mark>" in result["snippet"]
    assert plain.startswith("…") and plain.endswith("…")
    assert len(plain) < 110


def test_filters_narrow_the_results(library, reader):
    assert titles(search_policies("培训", reader, {"category": "admin-affairs"})) == ["年度工作安排"]
    assert titles(search_policies("培训计划", reader, {"department": "hr"})) == ["客戶培訓師資管理規定"]
    assert titles(search_policies("培训考勤", reader, {"status": "withdrawn"})) == ["旧版培训考勤规定"]
    assert titles(search_policies("培训考勤", reader, {"status": "upcoming"})) == ["新版培训考勤规定"]
    assert search_policies("培训考勤", reader, {"status": "in_force"}) == []
    assert sorted(titles(search_policies("培训考勤", reader))) == ["新版培训考勤规定", "旧版培训考勤规定"]
    assert search_policies("培训", reader, {"category": "no-such-category"}) == []


@pytest.fixture
def cleared(library):
    return make_user("search_cleared", clearance=Confidentiality.CONFIDENTIAL,
                     department=Department.objects.get(code="after-sales"))


def test_cleared_reader_in_scope_finds_the_confidential_policy(library, cleared):
    (result,) = search_policies("备件底价", cleared)
    assert result["page"] == library["secret"]
    assert "<mark>备件底价</mark>" in result["snippet"]


def test_reader_without_clearance_never_sees_a_confidential_policy(library, cleared, reader, login):
    assert search_policies("成本价上浮", cleared)  # the words are there to find
    assert search_policies("备件底价", reader) == []
    assert search_policies("成本价上浮", reader) == []
    html = login(reader).get("/search/", {"q": "备件底价"}).content.decode()
    assert "售后备件价格管理办法" not in html
    assert "成本价上浮" not in html
    assert "没有找到与“备件底价”相关的制度" in html


def test_clearance_without_scope_is_not_enough(library, cleared):
    outsider = make_user("search_outsider", clearance=Confidentiality.TOP_SECRET,
                         department=Department.objects.get(code="sales"))
    assert search_policies("备件底价", cleared)
    assert search_policies("备件底价", outsider) == []


def test_search_page_shows_filters_highlight_and_link_to_the_article(library, reader, login):
    html = login(reader).get("/search/", {"q": "培訓計劃"}).content.decode()
    assert 'name="category"' in html and 'name="department"' in html and 'name="status"' in html
    assert f'href="{library["training"].url}#article-3"' in html
    assert "<mark>培训计划</mark>" in html
    assert "<mark>培訓計劃</mark>" in html


def test_search_page_explains_an_empty_query_and_no_results(library, reader, login):
    client = login(reader)
    assert "请输入要搜索的关键词" in client.get("/search/", {"q": "  "}).content.decode()
    html = client.get("/search/", {"q": "航空母舰", "category": "admin-affairs"}).content.decode()
    assert "在所选条件下没有找到与“航空母舰”相关的制度" in html


def test_admin_page_search_finds_a_chinese_phrase(library, login):
    admin = make_user("search_admin", is_superuser=True, is_staff=True)
    client = login(admin)
    html = client.get("/admin/pages/search/", {"q": "技师培训"}).content.decode()
    assert "售后技师培训实施细则" in html
    html = client.get("/admin/pages/search/", {"q": "师资管理"}).content.decode()
    assert "客戶培訓師資管理規定" in html
    html = client.get("/admin/pages/search/", {"q": "SCH-001"}).content.decode()
    assert "售后技师培训实施细则" in html
    html = client.get("/admin/pages/search/", {"q": "航空母舰"}).content.decode()
    assert "售后技师培训实施细则" not in html


# ---- recall on the imported seed regulations (last: it adds 54 pages) ---------

NAMED = ["培训计划", "工程师", "摸底考试", "考核"]


@pytest.fixture(scope="module")
def seeded(library, django_db_blocker):
    """The seed regulations imported once, with the phrases to look for."""
    seed_files = sorted(str(p) for p in settings.PORTAL_SEED_DIR.glob("*.txt"))
    if not seed_files:
        pytest.skip(f"no seed files in {settings.PORTAL_SEED_DIR}")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_policies", *seed_files, publish=True, include_flagged=True, verbosity=0)
        pages = list(PolicyPage.objects.live().filter(document_number__startswith="ZD"))
        traditional = [page for page in pages if normalise(page.title) != page.title]
        yield {
            "pages": pages,
            "texts": {page.pk: policy_text(page) for page in PolicyPage.objects.live()},
            "sampled": sample_phrases(pages),
            "traditional": traditional,
            "traditional_phrases": [s for page in traditional for _, s in traditional_phrases(page)],
        }
        transaction.set_rollback(True)


def test_seed_phrases_are_found_with_their_policies_on_top(seeded):
    superuser = make_user("seed_reader", is_superuser=True)
    phrases = seeded["sampled"] + NAMED + seeded["traditional_phrases"]
    assert len(seeded["sampled"]) >= 40 and len(seeded["traditional_phrases"]) >= 5

    backend = evaluate(lambda q: found(q), phrases, seeded["texts"])
    assert backend.phrases >= 50
    assert backend.recall >= 0.95, backend.misses

    site = evaluate(lambda q: [r["page"].pk for r in search_policies(q, superuser)],
                    phrases, seeded["texts"])
    assert site.recall >= 0.95, site.misses
    # Exact matches first: the top results contain the phrase.
    assert site.impure == []
    assert site.mean_top5 == site.mean_top5_ideal


def test_named_phrases_find_the_after_sales_training_rules(seeded):
    superuser = make_user("seed_reader", is_superuser=True)
    for phrase in NAMED:
        results = search_policies(phrase, superuser)
        assert results, phrase
        assert all(phrase in normalise(policy_text(r["page"])) for r in results[:3]), phrase
    assert "售后服务人员培训管理办法" in titles(search_policies("摸底考试", superuser))


def test_simplified_phrases_find_the_traditional_seed_and_mark_its_characters(seeded):
    superuser = make_user("seed_reader", is_superuser=True)
    (page,) = seeded["traditional"]
    for original, simplified in traditional_phrases(page):
        (result,) = [r for r in search_policies(simplified, superuser) if r["page"] == page]
        assert f"<mark>{original}</mark>" in result["snippet"], (simplified, result["snippet"])
