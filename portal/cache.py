"""The cache in production: Django's own RedisCache, forgiving while Redis is down.

Nothing in the portal keeps data only in the cache: Wagtail caches its site
root paths, the PDF renderer takes a short lock. When Redis stops, an error
from the cache would turn every page into a 500, so here a failed call is
logged and answered as a miss: ``get`` returns the default, writes are
dropped, ``add`` says it stored the value (the caller goes on and does the
work itself). The health endpoint still reports Redis as down (it checks
that a value written can be read back), and the cache works again as soon as
Redis is back, without a restart.
"""
import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _forgiving(answer):
    """Wrap a client method: on a Redis error, log it and return ``answer(*args)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("cache unavailable, %s answered as a miss: %s", method.__name__, error)
                return answer(*args, **kwargs)

        return wrapper

    return decorate


def _missing_counter(key, delta):
    raise ValueError(f"Key '{key}' not found (cache unavailable)")


class ForgivingRedisCacheClient(RedisCacheClient):
    add = _forgiving(lambda key, value, timeout: True)(RedisCacheClient.add)
    get = _forgiving(lambda key, default: default)(RedisCacheClient.get)
    set = _forgiving(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _forgiving(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _forgiving(lambda key: False)(RedisCacheClient.delete)
    get_many = _forgiving(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _forgiving(lambda key: False)(RedisCacheClient.has_key)
    incr = _forgiving(_missing_counter)(RedisCacheClient.incr)
    set_many = _forgiving(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _forgiving(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _forgiving(lambda: False)(RedisCacheClient.clear)


class ForgivingRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that degrades to a miss."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient
