import pytest

from tests.factories import make_policy

pytestmark = pytest.mark.django_db


def test_employee_reads_a_published_policy_with_generated_numbers(employee, login):
    page = make_policy(parts=[("chapter", "总则"), ("article", "第一句。"), ("chapter", "培训"), ("article", "第二句。")])
    response = login(employee).get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "第二章" in html and 'id="article-2"' in html and "第二条" in html
    assert "现行有效" in html


def test_anonymous_visitor_is_sent_to_login(client):
    page = make_policy()
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
