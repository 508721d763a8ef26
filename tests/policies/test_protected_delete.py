"""Deleting a policy people have acknowledged, or a practical exam with
submitted score sheets, is refused with a Chinese message saying why and
what to do instead (unpublish / close scoring), never a 500."""
import pytest
from django.urls import reverse

from assessments.models import PracticalExam
from policies.acknowledgements import acknowledge
from policies.models import Acknowledgement, PolicyPage
from tests.factories import make_policy, make_practical_exam, make_user, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login):
    return login(make_user("delete_admin", is_superuser=True, is_staff=True))


def test_an_acknowledged_policy_cannot_be_deleted_and_unpublishing_is_offered(admin_client):
    page = make_policy(title="已确认的制度")
    acknowledge(make_user("delete_reader"), page, page.current_version.number)
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    shown = admin_client.get(url)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "阅读确认记录" in html and "不能删除" in html
    assert reverse("wagtailadmin_pages:unpublish", args=[page.pk]) in html
    posted = admin_client.post(url)
    assert posted.status_code == 409 and "取消发布" in posted.content.decode()
    assert PolicyPage.objects.filter(pk=page.pk).exists()
    assert Acknowledgement.objects.filter(version__page=page).count() == 1


def test_bulk_deleting_an_acknowledged_policy_is_refused_too(admin_client):
    page = make_policy(title="批量删除的制度")
    acknowledge(make_user("bulk_reader"), page, page.current_version.number)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={page.pk}"
    response = admin_client.post(url)
    assert response.status_code == 409 and "阅读确认记录" in response.content.decode()
    assert PolicyPage.objects.filter(pk=page.pk).exists()


def test_a_published_policy_keeps_its_versions_and_is_not_deleted(admin_client):
    page = make_policy(title="无人确认的制度")
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 409 and "已发布过版本" in response.content.decode()
    assert PolicyPage.objects.filter(pk=page.pk).exists()


def test_a_draft_never_published_can_still_be_deleted(admin_client):
    page = make_policy(title="从未发布的草稿", publish=False)
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not PolicyPage.objects.filter(pk=page.pk).exists()


def test_a_practical_exam_with_score_sheets_cannot_be_deleted(admin_client):
    exam = make_practical_exam()
    score_all(exam, [80])
    url = reverse("wagtailsnippets_assessments_practicalexam:delete", args=[exam.pk])
    shown = admin_client.get(url)
    assert shown.status_code == 200 and "评分表" in shown.content.decode()
    posted = admin_client.post(url)
    assert posted.status_code == 409
    html = posted.content.decode()
    assert "不能删除" in html and "关闭" in html
    assert reverse("wagtailsnippets_assessments_practicalexam:edit", args=[exam.pk]) in html
    assert PracticalExam.objects.filter(pk=exam.pk).exists()
