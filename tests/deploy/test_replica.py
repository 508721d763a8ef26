"""With a real streaming replica (deploy/replica.sh), reports read from it.

Runs only with ``REPLICA_DATABASE_URL`` set (PostgreSQL primary in
``DATABASE_URL``, a hot standby streaming from it); the suite's own test
database is created on the primary and streams to the standby like any other.
"""
import os
import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from people.models import Department
from tests.factories import make_user

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REPLICA_DATABASE_URL"),
                       reason="REPLICA_DATABASE_URL is unset: no streaming replica to test against "
                              "(deploy/replica.sh makes one on port 5433)"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def real_replica():
    """Point the ``replica`` alias (a mirror of the test database in tests) at
    the same test database on the standby server."""
    import dj_database_url

    replica = connections["replica"]
    saved = replica.settings_dict
    server = dj_database_url.parse(os.environ["REPLICA_DATABASE_URL"])
    replica.close()
    replica.settings_dict = {**saved, "HOST": server["HOST"], "PORT": server["PORT"],
                             "NAME": connections["default"].settings_dict["NAME"]}
    yield replica
    replica.close()
    replica.settings_dict = saved


def _wait_for(replica, code, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if Department.objects.using(replica.alias).filter(code=code).exists():
            return True
        time.sleep(0.1)
    return False


def test_the_replica_is_a_read_only_standby_that_receives_the_primarys_writes(real_replica):
    with real_replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    Department.objects.create(name="复制测试部", code="replica-check")
    assert _wait_for(real_replica, "replica-check"), "the row never reached the replica"
    with pytest.raises(Exception, match="read-only"), real_replica.cursor() as cursor:
        cursor.execute("INSERT INTO people_department (name, code) VALUES ('x', 'y')")


def test_a_report_reads_from_the_replica_and_other_pages_from_the_primary(real_replica, client):
    admin = make_user("replica_admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # the admin user must have reached the standby
        if type(admin).objects.using("replica").filter(pk=admin.pk).exists():
            break
        time.sleep(0.1)
    with CaptureQueriesContext(real_replica) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get("/admin/compliance/")
    assert response.status_code == 200
    assert any("policies_policyversion" in q["sql"] for q in on_replica.captured_queries)
    assert not any("policies_policyversion" in q["sql"] for q in on_primary.captured_queries)
    with CaptureQueriesContext(real_replica) as on_replica:
        assert client.get("/my/tasks/").status_code == 200
    assert len(on_replica) == 0
