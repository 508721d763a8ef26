"""Readers' version history: versions/, versions/<n>/ and compare/<a>/<b>/."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from policies.models import PolicyPage
from tests.factories import make_policy, publish_new_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised_policy(db):
    page = make_policy(
        title="培训管理制度",
        parts=[("chapter", "总则"), ("article", "新员工岗前培训时间为一个月。"), ("article", "培训结束后进行考核。")],
        version_label="A/0",
    )
    return publish_new_version(
        page,
        "岗前培训延长为两个月",
        version_label="A/1",
        parts=[("chapter", "总则"), ("article", "新员工岗前培训时间为两个月。"), ("article", "培训结束后进行考核。")],
    )


def test_version_list_shows_every_published_version(revised_policy, employee, login):
    html = login(employee).get(revised_policy.url + "versions/").content.decode()
    assert "第 1 版" in html and "第 2 版" in html
    assert "岗前培训延长为两个月" in html
    assert "A/0" in html and "A/1" in html
    assert "已废止（已被新版本替代）" in html


def test_old_version_shows_its_own_text_marked_superseded(revised_policy, employee, login):
    response = login(employee).get(revised_policy.url + "versions/1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "一个月" in html and "两个月" not in html
    assert "已废止 · 非现行版本" in html


def test_current_version_is_not_marked_superseded(revised_policy, employee, login):
    html = login(employee).get(revised_policy.url + "versions/2/").content.decode()
    assert "两个月" in html
    assert "已废止 · 非现行版本" not in html


def test_unknown_version_is_404(revised_policy, employee, login):
    assert login(employee).get(revised_policy.url + "versions/9/").status_code == 404
    assert login(employee).get(revised_policy.url + "compare/1/9/").status_code == 404


def test_compare_marks_a_one_character_change_as_one_small_ins_and_del(revised_policy, employee, login):
    html = login(employee).get(revised_policy.url + "compare/1/2/").content.decode()
    body = html.split('class="policy-body redline"')[1]
    assert body.count("<ins>") == 1 and body.count("<del>") == 1
    assert "新员工岗前培训时间为<del>一</del><ins>两</ins>个月。" in body
    # the untouched article is shown without marks
    assert "培训结束后进行考核。" in body


def test_page_shows_its_status_and_upcoming_version(employee, login):
    today = timezone.localdate()
    upcoming = make_policy(title="待生效制度", effective_date=today + datetime.timedelta(days=30), publish=False)
    upcoming.effective_date = today - datetime.timedelta(days=1)
    upcoming.save_revision().publish()
    page = PolicyPage.objects.get(pk=upcoming.pk)
    assert page.status == "in_force"
    page.withdrawn = True
    page.change_summary = "废止"
    page.save_revision().publish()
    html = login(employee).get(page.url).content.decode()
    assert "已废止" in html


def test_future_effective_date_schedules_publication_until_that_day():
    today = timezone.localdate()
    page = make_policy(title="明年生效的制度")
    page.effective_date = today + datetime.timedelta(days=10)
    page.change_summary = "明年起执行新标准"
    page.body = [("article", {"text": "新标准。"})]
    page.full_clean()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.versions.count() == 1, "the scheduled revision is not yet a version"
    assert page.scheduled_revision is not None

    # On the effective date, publish_scheduled (run by Celery beat) makes it live.
    revision = page.scheduled_revision
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.versions.count() == 2
    assert page.live_revision_id == revision.pk


def test_compare_lists_each_change_with_a_link_to_its_article(revised_policy, employee, login):
    html = login(employee).get(revised_policy.url + "compare/1/2/").content.decode()
    summary = html.split('class="redline-changes"')[1].split("</nav>")[0]
    assert "本次共 1 处变动" in summary
    assert '<a href="#article-1" class="change changed">第一条（修改）</a>' in summary
    assert 'id="article-1"' in html.split('class="policy-body redline"')[1]


def test_a_removed_article_gets_a_row_of_its_own_that_the_summary_links_to(employee, login):
    page = make_policy(parts=[("article", "第一款内容。"), ("article", "将被删除的条款。")])
    page = publish_new_version(page, "删除第二条", parts=[("article", "第一款内容。")])
    html = login(employee).get(page.url + "compare/1/2/").content.decode()
    assert '<a href="#removed-article-2" class="change removed">第二条（删除）</a>' in html
    assert 'id="removed-article-2"' in html


def test_compare_of_identical_texts_says_so(employee, login):
    page = make_policy(parts=[("article", "不变的条款。")])
    page = publish_new_version(page, "仅改版本号", version_label="A/1")
    html = login(employee).get(page.url + "compare/1/2/").content.decode()
    assert "两个版本的正文相同。" in html
