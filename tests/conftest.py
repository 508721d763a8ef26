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
