"""Reports read from the replica; everything else reads and writes the primary."""
import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory, override_settings

from people.models import Department
from portal import routers
from portal.middleware import ReportsFromReplicaMiddleware


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def test_reads_go_to_the_replica_only_inside_the_block(with_replica):
    router = routers.ReplicaRouter()
    assert router.db_for_read(Department) is None
    with routers.reading_from_replica():
        assert router.db_for_read(Department) == "replica"
        assert router.db_for_write(Department) == "default"
        assert router.db_for_read(Session) is None  # sessions are written in the same request
    assert router.db_for_read(Department) is None


def test_without_a_replica_every_read_stays_on_the_primary(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: False)
    router = routers.ReplicaRouter()
    with routers.reading_from_replica():
        assert router.db_for_read(Department) is None


def test_nothing_is_migrated_on_the_replica():
    router = routers.ReplicaRouter()
    assert router.allow_migrate("default", "people") is True
    assert router.allow_migrate("replica", "people") is False


def _recording(response_class=HttpResponse):
    seen = []

    def get_response(request):
        seen.append(routers._reading_from_replica.get())
        if response_class is StreamingHttpResponse:
            def rows():
                for row in ("a", "b"):
                    seen.append(routers._reading_from_replica.get())
                    yield row
            return StreamingHttpResponse(rows())
        return HttpResponse("ok")

    return seen, get_response


@override_settings(PORTAL_REPLICA_PATHS=("/admin/compliance/",))
def test_report_pages_and_their_streamed_exports_read_from_the_replica():
    seen, get_response = _recording(StreamingHttpResponse)
    middleware = ReportsFromReplicaMiddleware(get_response)
    response = middleware(RequestFactory().get("/admin/compliance/1/people/?export=csv"))
    assert seen == [True]
    assert b"".join(response.streaming_content) == b"ab"
    assert seen == [True, True, True]  # the rows were read while the response was sent


@override_settings(PORTAL_REPLICA_PATHS=("/admin/compliance/",))
def test_other_pages_and_posts_read_from_the_primary():
    seen, get_response = _recording()
    middleware = ReportsFromReplicaMiddleware(get_response)
    middleware(RequestFactory().get("/admin/pages/"))
    middleware(RequestFactory().post("/admin/compliance/1/"))
    assert seen == [False, False]
