"""A Redis cache that steps aside while Redis is down: pages and forms keep answering at once.

django-redis with IGNORE_EXCEPTIONS turns a Redis error into a cache miss, but each call still
waits for the connection to fail (up to SOCKET_TIMEOUT when Redis hangs), and a request makes
several calls. `CircuitBreakerClient` remembers, for the whole process, that the server just
failed: for `CIRCUIT_BREAKER_SECONDS` every operation fails at once (so the cache answers its
default: a miss, nothing stored), then the next call tries Redis again.
"""

import functools
import logging
import threading
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

logger = logging.getLogger(__name__)

DEFAULT_OPEN_SECONDS = 5
#: Cache operations that talk to Redis; each one trips the breaker on a connection error.
_GUARDED = (
    "add",
    "clear",
    "decr",
    "delete",
    "delete_many",
    "delete_pattern",
    "expire",
    "get",
    "get_many",
    "has_key",
    "incr",
    "incr_version",
    "keys",
    "persist",
    "set",
    "set_many",
    "touch",
    "ttl",
)

_lock = threading.Lock()
#: {server: monotonic time until which it is skipped}, shared by every thread of the process.
_open_until = {}


def reset():
    """Forget every tripped breaker (tests start from a healthy cache)."""
    with _lock:
        _open_until.clear()


def is_open(server):
    """True while `server` failed less than the breaker's time ago: callers skip it."""
    return _open_until.get(server, 0) > time.monotonic()


class CacheSkipped(ConnectionInterrupted):
    """Raised instead of calling a server whose breaker is open (the cache answers a miss)."""


def _skipped():
    return CacheSkipped(connection=None)


def _guard(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ConnectionInterrupted as error:
            # A skipped call must not extend the pause; a refused command (wrong type...)
            # says nothing about whether the server can be reached.
            if not isinstance(error, CacheSkipped) and not isinstance(
                error.__cause__, ResponseError
            ):
                self.trip()
            raise

    return wrapper


class CircuitBreakerClient(DefaultClient):
    """django-redis's client, skipping Redis for a few seconds after a connection error."""

    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        options = params.get("OPTIONS", {})
        self._open_seconds = float(options.get("CIRCUIT_BREAKER_SECONDS", DEFAULT_OPEN_SECONDS))
        self._breaker_key = str(server)

    def trip(self):
        """Skip this server for the next few seconds, in every thread of this process."""
        with _lock:
            if not is_open(self._breaker_key):
                logger.warning("Cache server unreachable: skipping it for %s s", self._open_seconds)
            _open_until[self._breaker_key] = time.monotonic() + self._open_seconds

    def get_client(self, *args, **kwargs):
        if is_open(self._breaker_key):
            raise _skipped() from RedisConnectionError("skipped after a connection error")
        return super().get_client(*args, **kwargs)

    def get_client_with_index(self, *args, **kwargs):
        if is_open(self._breaker_key):
            raise _skipped() from RedisConnectionError("skipped after a connection error")
        return super().get_client_with_index(*args, **kwargs)


for _name in _GUARDED:
    setattr(CircuitBreakerClient, _name, _guard(getattr(DefaultClient, _name)))
