"""One Redis key read through client-side caching: Redis says when it changes.

The page cache asks for its generation (core/pagecache.py) on every anonymous request. Over
an ordinary connection that is a round trip to Redis per request, which costs a cached page
more than everything else it does. A `TrackedKey` keeps the value in this process and holds
one connection of its own with `CLIENT TRACKING ON` (RESP3): when anyone changes the key,
Redis pushes an invalidation down that connection before it answers the next command there,
and the next read here finds it waiting in the socket (a non-blocking look, no round trip)
and reads the key anew.

What it never does is answer from a copy it cannot vouch for. A copy is only ever kept while
the connection that tracks it is up; any error drops both, and until `retry_seconds` have
passed `get()` says it does not know (the caller then asks the cache as before, which has its
own breaker: core/cache.py). The process that changes the key calls `forget()` so that it
sees its own change at once, whatever the order in which Redis writes to the sockets.
"""

import contextlib
import logging
import os
import threading
import time

from redis.backoff import NoBackoff
from redis.connection import Connection, parse_url
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry

logger = logging.getLogger(__name__)

#: How long a process waits before asking again a server that refused RESP3 or tracking.
REFUSED_RETRY_SECONDS = 600
#: `get()` could not say (no connection, or it just failed): ask the cache instead.
UNKNOWN = object()
_MISSING = object()


class TrackedKey:
    """The value of `key` on the Redis at `url`, kept here until Redis says it changed."""

    def __init__(self, url, key, *, decode, timeout=0.5, connect_timeout=0.5, retry_seconds=5):
        self.url, self.key, self.decode = url, key, decode
        self.timeout, self.connect_timeout = timeout, connect_timeout
        self.retry_seconds = retry_seconds
        self.lock = threading.Lock()
        self.connection, self.value, self.pid = None, _MISSING, None
        self.retry_at = 0.0

    def get(self):
        """The key's value (None when it is not set), or UNKNOWN when Redis cannot be asked."""
        with self.lock:
            try:
                return self._get()
            except (RedisError, OSError, ValueError) as error:
                self._drop()
                # A server that refuses RESP3 or tracking (Redis before 6) will not learn it
                # in a few seconds: ask again much later, and the cache every time meanwhile.
                refused = isinstance(error, (ResponseError, ValueError))
                wait = REFUSED_RETRY_SECONDS if refused else self.retry_seconds
                self.retry_at = time.monotonic() + wait
                logger.warning("Tracked cache key unavailable for %s s: %s", wait, error)
                return UNKNOWN

    def forget(self):
        """Read the key anew next time (this process has just changed it)."""
        with self.lock:
            self.value = _MISSING

    def close(self):
        with self.lock:
            self._drop()

    def _get(self):
        if self.pid != os.getpid():
            # A forked worker never shares its parent's socket.
            self.connection, self.value, self.pid = None, _MISSING, os.getpid()
        if self.connection is None:
            if time.monotonic() < self.retry_at:
                return UNKNOWN
            self.connection = self._connect()
        # Whatever waits in the socket is an invalidation (this connection reads one key).
        while self.connection.can_read(timeout=0):
            self.connection.read_response(push_request=True)
            self.value = _MISSING
        if self.value is _MISSING:
            # Invalidations pushed before the answer are read past: the answer is newer.
            self.connection.send_command("GET", self.key)
            raw = self.connection.read_response()
            self.value = None if raw is None else self.decode(raw)
        return self.value

    def _connect(self):
        options = parse_url(self.url)
        connection_class = options.pop("connection_class", Connection)
        connection = connection_class(
            **options,
            protocol=3,
            socket_timeout=self.timeout,
            socket_connect_timeout=self.connect_timeout,
            # Never reconnect behind our back: a new connection tracks nothing yet.
            retry=Retry(NoBackoff(), 0),
        )
        connection.connect()
        connection.send_command("CLIENT", "TRACKING", "ON")
        if connection.read_response() not in (b"OK", "OK"):
            raise ValueError("Redis refused CLIENT TRACKING")
        return connection

    def _drop(self):
        if self.connection is not None:
            with contextlib.suppress(RedisError, OSError):
                self.connection.disconnect()
        self.connection, self.value = None, _MISSING
