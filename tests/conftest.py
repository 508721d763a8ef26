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


@pytest.fixture(autouse=True, scope="session")
def flush_empties_write_once_tables():
    """Transactional tests empty the database with ``flush`` between tests.
    On SQLite the write-once triggers refuse those deletes unless opened for
    maintenance (PostgreSQL flushes with TRUNCATE, which fires no row
    trigger): the flush command, and only it, runs inside
    ``people.records.maintenance``."""
    from django.core.management.commands.flush import Command

    from people.records import maintenance

    handle = Command.handle

    def handle_in_maintenance(self, *args, **options):
        with maintenance():
            return handle(self, *args, **options)

    Command.handle = handle_in_maintenance
    yield
    Command.handle = handle
