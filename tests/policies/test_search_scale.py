"""The site search at corpus size: the reader's rule applied in the database
(``access.visible_filter`` says exactly what ``can_view`` says), the search
page ranking a bounded number of matches (``PolicySearch.limit``) in a number
of queries that does not grow with the matches, and on PostgreSQL the
normalised plain text under pg_trgm indexes inside the search backend."""
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from people.models import Confidentiality
from policies import access
from policies.models import PolicyPage
from policies.search import PolicySearch, search_policies
from tests.factories import DepartmentFactory, JobRoleFactory, make_policy, make_user

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm: PostgreSQL only")


@pytest.fixture
def world(db):
    """Policies at every level, scoped and restricted, and readers of every kind."""
    sales, plant = DepartmentFactory(code="sales-x", name="销售部X"), DepartmentFactory(code="plant-x", name="生产部X")
    fitter = JobRoleFactory(code="fitter-x", name="装配工X")
    board = Group.objects.create(name="董事会X")
    text = [("article", "安全生产责任制由各部门负责落实。")]
    pages = {
        "public": make_policy(title="公开制度", parts=text),
        "secret": make_policy(title="秘密制度", parts=text, confidentiality=Confidentiality.SECRET),
        "secret_scoped": make_policy(title="秘密限部门", parts=text, confidentiality=Confidentiality.SECRET),
        "secret_role": make_policy(title="秘密限岗位", parts=text, confidentiality=Confidentiality.SECRET),
        "confidential": make_policy(title="机密制度", parts=text, confidentiality=Confidentiality.CONFIDENTIAL),
        "top": make_policy(title="绝密制度", parts=text, confidentiality=Confidentiality.TOP_SECRET),
        "board": make_policy(title="董事会制度", parts=text),
        "password": make_policy(title="口令制度", parts=text),
    }
    pages["secret_scoped"].scope_departments.add(sales)
    pages["secret_role"].scope_roles.add(fitter)
    restriction = PageViewRestriction.objects.create(page=pages["board"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(board)
    PageViewRestriction.objects.create(page=pages["password"], restriction_type=PageViewRestriction.PASSWORD,
                                       password="x")
    named = make_user("scale_named", clearance=3, department=sales)
    pages["top"].top_secret_readers.create(user=named)
    member = make_user("scale_member")
    member.groups.add(board)
    readers = [
        make_user("scale_public"),
        make_user("scale_secret_sales", clearance=1, department=sales),
        make_user("scale_secret_plant_fitter", clearance=1, department=plant, job_role=fitter),
        make_user("scale_confidential", clearance=2, department=plant),
        named, make_user("scale_unnamed", clearance=3, department=sales), member,
        make_user("scale_root", is_superuser=True),
    ]
    return pages, readers


def test_visible_filter_says_what_can_view_says(world):
    pages, readers = world
    for reader in readers:
        expected = {p.pk for p in PolicyPage.objects.live() if access.can_view(reader, p)}
        in_sql = set(PolicyPage.objects.live().filter(access.visible_filter(reader)).values_list("pk", flat=True))
        assert in_sql == expected, reader.username
    # The site search applies it: only what the reader may open.
    for reader in readers:
        ids = set(PolicySearch("安全生产责任", reader).ids())
        assert ids == {p.pk for p in pages.values() if access.can_view(reader, PolicyPage.objects.get(pk=p.pk))}


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not PolicyPage.objects.filter(access.visible_filter(AnonymousUser())).exists()
    assert PolicySearch("安全生产责任", AnonymousUser()).page(1).object_list == []


def test_a_customers_trainee_finds_no_policy_even_a_public_one(world):
    from tests.lms.customer_builders import make_organisation, make_trainee

    guest = make_trainee(make_organisation(), "guest-search")
    assert PolicyPage.objects.live().filter(confidentiality=Confidentiality.PUBLIC).exists()
    assert not PolicyPage.objects.live().filter(access.visible_filter(guest)).exists()
    assert PolicySearch("安全生产责任", guest).ids() == []


@pytest.fixture
def many(db):
    """Seven matches: two with the phrase in the title, three with it in the
    text, two with its words apart."""
    made = []
    for i in range(3):
        made.append(make_policy(title=f"设备保养规程{i}", parts=[("article", "设备每月润滑保养一次。")]))
    for i in range(2):
        made.append(make_policy(title=f"润滑保养细则{i}", parts=[("article", "按规定执行。")]))
    for i in range(2):
        made.append(make_policy(title=f"车间管理{i}", parts=[("article", "润滑油统一领用，保养记录按月归档。")]))
    return made


def test_the_search_page_ranks_a_bounded_number_of_matches_and_says_there_are_more(many, employee, login,
                                                                                  monkeypatch):
    everything = PolicySearch("润滑保养", employee)
    assert everything.count == 7 and not everything.more
    assert everything.first == everything.ids()  # under the limit: the very same ranking
    monkeypatch.setattr(PolicySearch, "limit", 4)
    search = PolicySearch("润滑保养", employee)
    assert search.count == 4 and search.more
    shown = [r["page"].pk for r in search.page(1).object_list]
    # Exact phrases before words apart, titles holding it first of all; in
    # the order the full ranking gives them.
    assert {p.pk for p in many[3:5]} <= set(shown) <= {p.pk for p in many[:5]}
    assert shown == [pk for pk in everything.ids() if pk in shown]
    html = login(employee).get("/search/", {"q": "润滑保养"}).content.decode()
    assert "“润滑保养”找到超过 4 份制度" in html
    assert "缩小范围" in html


def test_search_page_queries_do_not_grow_with_the_matches(many, employee, login, django_assert_max_num_queries):
    client = login(employee)
    client.get("/search/", {"q": "润滑保养"})  # warm: session, profile, caches
    with django_assert_max_num_queries(30) as few:
        client.get("/search/", {"q": "润滑保养"})
    for i in range(15):
        make_policy(title=f"更多润滑保养规程{i}", parts=[("article", "润滑保养按月进行。")])
    with django_assert_max_num_queries(len(few.captured_queries)) as more:
        html = client.get("/search/", {"q": "润滑保养"}).content.decode()
    assert "共找到 22 份制度" in html and html.count('class="result-title"') == 20
    assert len(more.captured_queries) <= len(few.captured_queries)


def test_results_and_ranking_are_those_of_the_full_search(many, employee):
    search = PolicySearch("润滑保养", employee)
    assert [r["page"].pk for r in search.page(1).object_list] == search.ids()
    assert search.ids() == [r["page"].pk for r in search_policies("润滑保养", employee)]
    assert PolicySearch("航空母舰", employee).first == []
    assert PolicySearch("，。", employee).page(1).object_list == []


@postgres_only
def test_index_holds_normalised_plain_text_under_trigram_indexes(db):
    page = make_policy(title="客戶培訓管理規定", parts=[("article", "培訓主管部門每年制定客戶培訓計劃。")])
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type__model="policypage")
    assert entry.title_text == "客户培训管理规定"
    assert "培训主管部门每年制定客户培训计划。" in entry.body_text
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'")
        indexes = dict(cursor.fetchall())
    assert "gin_trgm_ops" in indexes["modelsearch_body_text_trgm"]
    assert "gin_trgm_ops" in indexes["modelsearch_title_text_trgm"]
    backend = get_search_backend()
    assert backend.first_matches(PolicyPage.objects.live(), "培训计划", 10) == [page.pk]
    assert backend.first_matches(PolicyPage.objects.live(), "培訓計劃", 10) == [page.pk]
    assert [p.pk for p in PolicyPage.objects.live().search("培训计划")] == [page.pk]


@postgres_only
def test_the_exact_phrase_goes_through_the_trigram_index(db):
    make_policy(title="客户培训管理规定", parts=[("article", "培训主管部门每年制定客户培训计划。")])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            queryset = IndexEntry.objects.filter(body_text__contains="培训计划")
            sql, params = queryset.values("object_id").query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "modelsearch_body_text_trgm" in plan


@postgres_only
def test_a_phrase_in_most_policies_reads_the_texts_of_about_one_page(db, employee):
    made = [make_policy(title=f"通用制度{i:02d}", parts=[("article", "各部门按月开展培训计划评审。")])
            for i in range(60)]
    search = PolicySearch("培训计划", employee)
    shown = search.page(1)
    assert search.count == 60 and not search.more
    # Newest first among texts holding the phrase, and only about a page of texts read.
    assert [r["page"].pk for r in shown.object_list] == sorted((p.pk for p in made), reverse=True)[:20]
    assert len(search.ranked._exact) < 40
    assert [r["page"].pk for r in search.page(3).object_list] == sorted(p.pk for p in made)[:20][::-1]
    assert search.ids() == sorted((p.pk for p in made), reverse=True)


@postgres_only
def test_a_rare_phrase_among_many_candidates_is_read_in_a_few_statements(db, employee, monkeypatch):
    # The two holding 培训计划 as written are the oldest; 150 newer ones hold
    # 培训 and 计划 apart (candidates whose texts must be read to tell).
    exact = [make_policy(title=f"年度计划{i}", parts=[("article", "人事部制定年度培训计划。")]) for i in range(2)]
    apart = [make_policy(title=f"通用制度{i:03d}", parts=[("article", "培训按月进行，计划另行下达。")])
             for i in range(150)]
    from policies.search.backend_postgres import RankedMatches

    reads = []
    look = RankedMatches._look
    monkeypatch.setattr(RankedMatches, "_look", lambda self, ids, read: (reads.append(len(ids)) if read else None,
                                                                         look(self, ids, read))[1])
    search = PolicySearch("培训计划", employee)
    shown = [r["page"].pk for r in search.page(1).object_list]
    # Exact phrases first, then the words apart, newest first.
    assert shown[:2] == [exact[1].pk, exact[0].pk]
    assert shown[2:] == sorted((p.pk for p in apart), reverse=True)[:18]
    assert search.count == 152
    # Batches double: 150 candidates read in 3 statements (33 at a time: 5).
    assert len(reads) <= 3, reads


@postgres_only
def test_the_readers_rule_is_narrowed_to_the_batch_on_every_table_of_the_page(db, employee):
    make_policy(title="客户培训管理规定", parts=[("article", "培训主管部门每年制定客户培训计划。")])
    search = PolicySearch("培训计划", employee)
    sql, _params, batch_at = search.ranked._visible_sql
    # Not only policies_policypage's key: PostgreSQL does not carry "= ANY"
    # over the join, and would read every live page of wagtailcore_page.
    assert '"wagtailcore_page"."id" = ANY(%s)' in sql
    assert '"policies_policypage"."page_ptr_id" = ANY(%s)' in sql
    assert len(batch_at) == 2
