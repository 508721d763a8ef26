"""The demo, built once per module that asks for it (``demo``)."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction that is
    rolled back afterwards (each test's own transaction nests inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for _ in range(2):  # the second run must change nothing
                call_command("setup_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_data, db):
    return {u.username: u for u in get_user_model().objects.select_related("profile__job_role", "profile__department")}


