"""The health endpoints answer without a login and say which service failed."""
import pytest
from django.test import Client, override_settings

# Every configured database is checked (the replica too, when there is one).
pytestmark = pytest.mark.django_db(databases="__all__")


def test_liveness_answers_without_a_login():
    response = Client().get("/health/live/", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"App()": "OK"}


def test_full_health_checks_the_database_and_the_cache_without_a_login():
    response = Client().get("/health/?format=json")
    assert response.status_code == 200
    checks = response.json()
    assert checks["App()"] == "OK"
    assert checks["Database(alias='default')"] == "OK"
    assert checks["Cache(alias='default')"] == "OK"


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_health_answers_500_when_the_cache_loses_what_it_was_given():
    response = Client().get("/health/?format=json")
    assert response.status_code == 500
    assert response.json()["Cache(alias='default')"] != "OK"
    assert response.json()["Database(alias='default')"] == "OK"


def test_other_pages_still_need_a_login():
    response = Client().get("/healthy-looking-page/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_load_balancers_probe_touches_no_database(django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert Client().get("/health/live/").status_code == 200
