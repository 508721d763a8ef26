"""No dead ends: as every demo account, every link the home page (with the
navigation) and 我的学习 offer opens without an error (one level deep,
redirects followed); 培训计划 opens for everyone, showing what each may
see. PDFs are left to their own tests (rendering them is slow)."""
import html
import re

import pytest
from django.test import Client

from lms.models import PlanStatus, TrainingPlan
from people.demo import all_demo_accounts
from people.models import Department

pytestmark = pytest.mark.django_db

START_PAGES = ["/", "/my/learning/"]
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)[^"]*"')
SKIPPED = ("/accounts/logout/", "/static/", "/media/", "/documents/")


def links_on(page):
    found = []
    for href in HREF.findall(page):
        url = html.unescape(href)
        if not url.startswith("/") or url.startswith("//") or url.startswith(SKIPPED) or url.endswith("/pdf/"):
            continue
        found.append(url)
    return found


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", [account[0] for account in all_demo_accounts()])
def test_every_link_offered_to_a_demo_account_opens(demo, username):
    client = client_for(demo[username])
    seen, broken = set(), []
    for start in START_PAGES:
        response = client.get(start)
        assert response.status_code == 200, start
        for url in links_on(response.content.decode()):
            if url in seen:
                continue
            seen.add(url)
            answer = client.get(url, follow=True)
            if answer.status_code >= 400:
                broken.append(f"{start} → {url}: HTTP {answer.status_code}")
    assert len(seen) > 8, seen  # the nav, the panels and the section cards at least
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("username", ["employee", "trainee", "examiner", "approver", "secret", "head_quality"])
def test_training_plans_explain_themselves_instead_of_refusing(demo, username):
    page = client_for(demo[username]).get("/training/plans/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "由人资部编制、总经理审批" in text and 'href="/my/learning/"' in text


def test_the_trainee_finds_their_plan_table_on_training_plans(demo):
    text = client_for(demo["trainee"]).get("/training/plans/").content.decode()
    assert "我的培训计划表" in text and "/training/plan-tables/" in text


def test_a_department_head_reads_their_departments_approved_plans_only(demo):
    quality = Department.objects.get(code="quality")
    production = Department.objects.get(code="production")
    assert quality.head == demo["head_quality"]

    def plan(title, department, status):
        return TrainingPlan.objects.create(title=title, department=department, status=status,
                                           starts_on="2027-01-10", ends_on="2027-01-20")

    ours = plan("品管部一月质量培训", quality, PlanStatus.APPROVED)
    draft = plan("品管部二月草案", quality, PlanStatus.DRAFT)
    theirs = plan("生产部一月安全培训", production, PlanStatus.APPROVED)
    head = client_for(demo["head_quality"])
    text = head.get("/training/plans/").content.decode()
    assert "品管部一月质量培训" in text and "品管部二月草案" not in text and "生产部一月安全培训" not in text
    assert 'href="/training/needs/"' in text
    assert head.get(f"/training/plans/{ours.pk}/").status_code == 200
    assert head.get(f"/training/plans/{draft.pk}/").status_code == 403
    assert head.get(f"/training/plans/{theirs.pk}/").status_code == 403
    refused = head.post(f"/training/plans/{ours.pk}/", {"action": "approve"})
    assert refused.status_code == 403  # reading is not deciding
    assert TrainingPlan.objects.get(pk=ours.pk).decided_by is None


def test_my_learning_offers_training_plans_to_heads_and_planners_only(demo):
    def offers(username):
        return 'href="/training/plans/"' in client_for(demo[username]).get("/my/learning/").content.decode()

    assert offers("hr") and offers("gm") and offers("head_quality")
    assert not offers("employee") and not offers("trainee")


def test_the_demo_gives_every_reader_a_recent_revision_and_every_department_a_head(demo):
    from policies.models import PolicyPage

    notice = PolicyPage.objects.get(document_number="RZ-XZ-001")
    assert list(notice.versions.values_list("number", flat=True)) == [1, 2]
    for username in ("employee", "trainee", "examiner"):
        page = client_for(demo[username]).get("/").content.decode()
        revisions = page.split('id="panel-revisions"', 1)[1].split("</section>", 1)[0]
        assert "新员工入职须知" in revisions and f"{notice.url}compare/1/2/" in revisions
    assert not Department.objects.filter(head__isnull=True).exists()
