"""A Redis cache that steps aside while Redis is down: pages and forms keep answering at once.

django-redis with IGNORE_EXCEPTIONS turns a Redis error into a cache miss, but each call still
waits for the connection to fail (up to SOCKET_TIMEOUT when Redis hangs), and a request makes
several calls. `CircuitBreakerClient` remembers, for the whole process, that the server just
failed: for `CIRCUIT_BREAKER_SECONDS` every operation fails at once (so the cache answers its
default: a miss, nothing stored), then the next call tries Redis again.

An outage is logged twice, whatever its length: one line when the server first fails, and one
when it answers again, with how long it was away and how many calls went without it.
"""

import functools
import logging
import threading
import time
from urllib.parse import urlsplit

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
#: {server: [monotonic time it failed, calls made without it since]} while it is away.
_away = {}


def reset():
    """Forget every tripped breaker (tests start from a healthy cache)."""
    with _lock:
        _open_until.clear()
        _away.clear()


def _shown(server):
    """The server as a log line names it: scheme, host and port, never a password."""
    parts = urlsplit(server)
    return f"{parts.scheme}://{parts.hostname}:{parts.port}" if parts.hostname else server


def went_away(server, error):
    """Note a failed call to `server`: logged once, when it first fails."""
    with _lock:
        if server in _away:
            _away[server][1] += 1
            return
        _away[server] = [time.monotonic(), 1]
    logger.warning(
        "Cache server %s unreachable (%s: %s): going without it until it answers",
        _shown(server),
        error.__class__.__name__,
        error,
    )


def answered(server):
    """Note a call `server` answered: after an outage, one line saying how long and how many
    calls went without it."""
    if server not in _away:
        return
    with _lock:
        state = _away.pop(server, None)
    if state is not None:
        since, calls = state
        logger.warning(
            "Cache server %s answers again after %.0f s; %d calls went without it",
            _shown(server),
            time.monotonic() - since,
            calls,
        )


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
            answer = method(self, *args, **kwargs)
        except ConnectionInterrupted as error:
            # A skipped call must not extend the pause; a refused command (wrong type...)
            # says nothing about whether the server can be reached.
            if isinstance(error, CacheSkipped):
                went_away(self.server_name, error)
            elif not isinstance(error.__cause__, ResponseError):
                self.trip(error.__cause__ or error)
            raise
        answered(self.server_name)
        return answer

    return wrapper


class CircuitBreakerClient(DefaultClient):
    """django-redis's client, skipping Redis for a few seconds after a connection error."""

    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        options = params.get("OPTIONS", {})
        self._open_seconds = float(options.get("CIRCUIT_BREAKER_SECONDS", DEFAULT_OPEN_SECONDS))
        self.server_name = str(server)

    def trip(self, error):
        """Skip this server for the next few seconds, in every thread of this process."""
        with _lock:
            _open_until[self.server_name] = time.monotonic() + self._open_seconds
        went_away(self.server_name, error)

    def get_client(self, *args, **kwargs):
        if is_open(self.server_name):
            raise _skipped() from RedisConnectionError("skipped after a connection error")
        return super().get_client(*args, **kwargs)

    def get_client_with_index(self, *args, **kwargs):
        if is_open(self.server_name):
            raise _skipped() from RedisConnectionError("skipped after a connection error")
        return super().get_client_with_index(*args, **kwargs)


for _name in _GUARDED:
    setattr(CircuitBreakerClient, _name, _guard(getattr(DefaultClient, _name)))
