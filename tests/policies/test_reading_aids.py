"""What helps a reader find their way through a policy: a table of contents
built from the generated anchors, a banner saying which text this is, and a
redline whose changes cannot be missed."""
import datetime

import pytest

from policies import compliance
from policies.templatetags.policy_toc import table_of_contents, toc
from tests.factories import make_policy, publish_new_version

pytestmark = pytest.mark.django_db


def contents_of(html):
    return html.split('<details class="toc"', 1)[1].split("</details>", 1)[0]


def test_a_policy_with_chapters_gets_contents_linking_every_chapter_and_article(employee, login):
    page = make_policy(parts=[("chapter", "总则"), ("article", "为规范培训工作，制定本制度。"),
                              ("chapter", "培训计划"), ("article", "人资部每年十二月编制年度培训计划。"),
                              ("article", "各部门每月报送培训需求。")])
    toc_html = contents_of(login(employee).get(page.url).content.decode())
    for anchor in ["chapter-1", "chapter-2", "article-1", "article-2", "article-3"]:
        assert f'href="#{anchor}"' in toc_html
    assert "第二章" in toc_html and "培训计划" in toc_html
    assert toc_html.index("#chapter-2") < toc_html.index("#article-2")  # articles under their chapter


def test_a_short_policy_of_plain_paragraphs_has_no_contents(employee, login):
    page = make_policy(parts=[("paragraph", "为规范培训工作，特制定本办法。"), ("paragraph", "本办法自发布之日起施行。")])
    assert '<details class="toc"' not in login(employee).get(page.url).content.decode()


def test_contents_nest_articles_under_chapters_and_name_them_by_their_opening_words():
    parts = [
        {"type": "paragraph", "label": "", "anchor": "p-1", "title": "", "text": "前言。"},
        {"type": "chapter", "label": "第一章", "anchor": "chapter-1", "title": "总则", "text": ""},
        {"type": "article", "label": "第一条", "anchor": "article-1", "title": "",
         "text": "为了规范公司员工培训工作，提高员工素质，制定本制度。其余内容。"},
        {"type": "item", "label": "一、", "anchor": "item-1-1", "title": "培训对象", "text": "全体员工"},
    ]
    [chapter] = table_of_contents(parts)
    assert (chapter["anchor"], chapter["title"]) == ("chapter-1", "总则")
    assert [child["anchor"] for child in chapter["children"]] == ["article-1", "item-1-1"]
    assert chapter["children"][0]["title"].endswith("…") and "其余内容" not in chapter["children"][0]["title"]
    assert chapter["children"][1]["title"] == "培训对象"
    assert toc(parts[:2]) == []  # a single chapter is nothing to navigate


def test_the_policy_page_says_the_text_is_in_force_with_its_version(employee, login):
    page = make_policy(effective_date=datetime.date(2026, 1, 1))
    html = login(employee).get(page.url).content.decode()
    banner = html.split('class="version-banner is-in_force"', 1)[1].split("</div>", 1)[0]
    assert "现行有效" in banner and "第 1 版" in banner and "2026-01-01" in banner


def test_a_superseded_version_carries_the_red_banner_and_a_link_to_the_text_in_force(employee, login):
    page = make_policy(parts=[("article", "新员工岗前培训时间为一个月。")])
    publish_new_version(page, "延长岗前培训", parts=[("article", "新员工岗前培训时间为两个月。")])
    html = login(employee).get(page.url + "versions/1/").content.decode()
    banner = html.split('class="version-banner is-superseded"', 1)[1].split("</div>", 1)[0]
    assert "已废止 · 非现行版本" in banner and f'href="{page.url}"' in banner


def test_the_redline_has_a_legend_and_a_changes_only_switch_that_needs_no_script(employee, login):
    page = make_policy(parts=[("article", "不变的条款。"), ("article", "新员工岗前培训时间为一个月。")])
    publish_new_version(page, "延长岗前培训", parts=[("article", "不变的条款。"), ("article", "新员工岗前培训时间为两个月。")])
    html = login(employee).get(page.url + "compare/1/2/").content.decode()
    assert '<p class="legend">' in html and "<ins>新增</ins>" in html and "<del>删除</del>" in html
    assert '<input type="checkbox" id="changes-only">' in html and "只看修改" in html
    assert '<div class="redline-row same" id="article-1">' in html  # what the switch folds away
    assert '<div class="redline-row changed" id="article-2">' in html
    assert "<script" not in html.split('class="redline-view"', 1)[1]


def test_the_acknowledgement_chart_draws_a_bar_even_on_the_day_of_publication():
    day = datetime.date(2026, 3, 2)
    chart = compliance.chart(compliance.cumulative_series(day, day, [day, day]), total=4)
    [bar] = chart["bars"]
    assert bar["count"] == 2 and bar["height"] > 0
    assert compliance.chart(compliance.cumulative_series(day, day, []), total=4)["bars"][0]["height"] == 0


def test_the_chart_bars_grow_with_the_acknowledgements():
    start = datetime.date(2026, 3, 1)
    series = compliance.cumulative_series(start, start + datetime.timedelta(days=2),
                                          [start, start + datetime.timedelta(days=2)])
    heights = [bar["height"] for bar in compliance.chart(series, total=2)["bars"]]
    assert heights[0] == heights[1] < heights[2]
