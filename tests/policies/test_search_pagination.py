"""The search page shows 20 results a page, counts them all, and reads and
excerpts only the policies on the page it shows."""
import pytest

import policies.search as site_search
from policies.search import PolicySearch, search_policies
from tests.factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    return [make_policy(title=f"设备保养制度{i:02d}", document_number=f"SP-{i:03d}",
                        parts=[("chapter", "总则"), ("article", f"第{i}号设备每月进行一次润滑保养。")])
            for i in range(25)]


def test_search_page_shows_twenty_results_and_links_to_the_next_page(many, employee, login):
    client = login(employee)
    html = client.get("/search/", {"q": "润滑保养", "category": "training"}).content.decode()
    assert "“润滑保养”共找到 25 份制度" in html
    assert html.count('class="result-title"') == 20
    assert "第 1 / 2 页" in html
    assert 'href="?q=%E6%B6%A6%E6%BB%91%E4%BF%9D%E5%85%BB&amp;category=training&amp;p=2"' in html
    second = client.get("/search/", {"q": "润滑保养", "category": "training", "p": 2}).content.decode()
    assert second.count('class="result-title"') == 5
    assert "<mark>润滑保养</mark>" in second


def test_snippets_are_made_for_the_shown_page_only(many, employee, monkeypatch):
    calls = []
    real = site_search.find_match
    monkeypatch.setattr(site_search, "find_match", lambda page, terms: calls.append(page.pk) or real(page, terms))
    search = PolicySearch("润滑保养", employee)
    assert search.count == 25
    assert calls == []
    shown = search.page(2)
    assert len(shown.object_list) == 5 and len(calls) == 5
    assert {r["page"].pk for r in shown.object_list} | set(search.ids()[:20]) == {p.pk for p in many}


def test_pages_together_hold_every_result_once_in_rank_order(many, employee):
    search = PolicySearch("润滑保养", employee)
    first, second = search.page(1), search.page(2)
    shown = [r["page"].pk for r in first.object_list] + [r["page"].pk for r in second.object_list]
    assert shown == search.ids() == [r["page"].pk for r in search_policies("润滑保养", employee)]
