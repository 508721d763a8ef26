import pytest
from django.test import Client

from tests.factories import PASSWORD, make_user


@pytest.fixture
def login():
    """Return a logged-in test client for a user."""

    def _login(user):
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login


@pytest.fixture
def employee(db):
    return make_user("employee_t", clearance=0)


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Every test starts in the portal's language: a request made in English by
    an earlier test must not leave its translation active in this thread."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
