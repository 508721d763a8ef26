"""The admin screens the portal adds read in Chinese: Wagtail 8 strings its
own catalogue lacks come from the portal's zh_Hans catalogue, and the
practical-exam listing names people and states in Chinese."""
import pytest

from tests.factories import make_policy, make_practical_exam, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login):
    make_policy()  # the site, so the dashboard counts its pages
    return login(make_user("admin_zh", is_superuser=True, is_staff=True))


def test_the_dashboard_and_empty_listings_have_no_english(admin_client):
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Pages <span" not in dashboard and "个页面" in dashboard
    empty = admin_client.get("/admin/snippets/lms/trainingplan/").content.decode()
    assert "There are no" not in empty and "暂无培训计划" in empty


def test_the_practical_exam_listing_names_people_and_states_in_chinese(admin_client):
    trainer = make_user("trainer_zh", first_name="培训师", last_name="林")
    make_practical_exam(trainer=trainer)
    listing = admin_client.get("/admin/snippets/assessments/practicalexam/").content.decode()
    assert "林培训师" in listing and "评分中" in listing
    assert "Get status display" not in listing and ">False<" not in listing and "trainer_zh" not in listing
