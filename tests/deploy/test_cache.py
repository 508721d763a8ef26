"""With Redis down the cache answers as a miss: pages keep working."""
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.factories import make_policy, make_user


def closed_port():
    """A loopback port nobody listens on (connection refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_down():
    return {"default": {
        "BACKEND": "portal.cache.ForgivingRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }}


def test_a_cache_without_redis_answers_every_call_as_a_miss():
    with override_settings(CACHES=redis_down()):
        cache = caches["default"]
        cache.set("k", "v")
        assert cache.get("k") is None
        assert cache.get("k", "fallback") == "fallback"
        assert cache.add("lock", True) is True  # the caller goes on and does the work
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("k") is False
        cache.delete("k")
        with pytest.raises(ValueError):
            cache.incr("counter")


@pytest.mark.django_db
def test_policy_pages_still_serve_while_redis_is_down(login):
    policy = make_policy(title="设备维修安全制度", parts=[("chapter", "总则"), ("article", "维修前必须断电。")])
    client = login(make_user("redis_down_reader"))
    with override_settings(CACHES=redis_down()):
        response = client.get(policy.url)
    assert response.status_code == 200
    assert "维修前必须断电" in response.content.decode()
