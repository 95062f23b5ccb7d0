"""The page store: pages kept as served, and for each surrogate key the pages showing it.

Pages live in Django's cache (local memory, or Redis shared by every process) under the
release that rendered them (core/release.py), as brotli, gzip and plain bytes. For each key
the store keeps the set of pages showing it, so a purge drops exactly those pages; with
Redis, each process also keeps copies of the pages it served last, dropped by a purge
announced on a Redis channel. The vocabulary and the purges that use it: core/pagecache.py.
"""

import contextlib
import gzip
import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

import brotli
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import cache as breaker
from . import release

logger = logging.getLogger(__name__)

#: Bodies kept per page, in the order a browser's Accept-Encoding is served.
ENCODINGS = ("br", "gzip", "identity")
#: Without Redis, a purge is remembered this long, so a page whose render began before it is
#: not stored. In Redis a purge's date is kept without expiry, like the key sets: the
#: `volatile-lru` policy (deploy/redis.conf) evicts only what expires, so never those.
PURGE_MEMORY = 300
#: Clocks of two app servers may differ this much: a page rendered that close after a purge
#: on another server is not stored either.
CLOCK_SKEW = 0.5
#: Set when the store failed this process (a purge refused, the channel lost): the purges
#: still waiting go out before a stored page is served again (core.pagecache.may_serve).
OUTAGE = threading.Event()
#: Errors that say Redis cannot be reached (rather than that it refused one command).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def compress(body, encoding):
    """`body` as sent for `encoding`: brotli (quality 5, a tenth of 11's cost) or gzip."""
    if encoding == "br":
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=5)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=6, mtime=0)
    return body


class _LocalKeySets:
    """Key sets and purge dates for a cache only this process sees (local memory)."""

    def __init__(self):
        self.lock, self.sets = threading.Lock(), {}

    def trusted(self):
        return True

    def copy(self, key):
        return True, None  # the cache is this process's memory already

    def keep_copy(self, key, entry):
        pass

    def add(self, names, member):
        with self.lock:
            for name in names:
                self.sets.setdefault(name, set()).add(member)

    def last_purge(self, names):
        return max(cache.get_many([f"purged:{name}" for name in names]).values(), default=0)

    def purge(self, names, now, suffixes):
        with self.lock:
            cache.set_many({f"purged:{name}": now for name in names}, PURGE_MEMORY)
            members = {member for name in names for member in self.sets.pop(name, ())}
            cache.delete_many([f"{member}:{suffix}" for member in members for suffix in suffixes])


#: What a process keeps copies of: pages as served, their vary and parameter markers.
COPIED = tuple(f":{suffix}" for suffix in (*ENCODINGS, "vary", "params"))


def _failed(error, what):
    """A call to the store failed: an unreachable Redis is skipped for a while (core/cache.py
    logs the outage once, and once when it ends), and this process owes the purges still
    waiting (`OUTAGE`)."""
    client = getattr(cache, "client", None)
    if isinstance(error, breaker.CacheSkipped) and hasattr(client, "server_name"):
        breaker.went_away(client.server_name, error)
    elif isinstance(error, UNREACHABLE) and hasattr(client, "trip"):
        client.trip(error)
    else:
        logger.warning("%s: %s", what, error)
    OUTAGE.set()


class _RedisKeySets:
    """Key sets and purge dates in Redis itself, through the raw client: every process adds
    and purges atomically, and a failure raises instead of passing for a miss.

    It also keeps this process's copies of the entries it read last, so that a hit costs no
    round trip to Redis (`make bench`: a third of a cached page's time). Every purge, by any
    process, is announced on a Redis channel; before a copy is used, what the channel
    brought is read (a look at the socket, no round trip) and any purge drops every copy.
    Without the channel (Redis down or hung, a new process, a dropped connection) nothing is
    read from Redis at all, and the process sends the purges still waiting before it serves
    a stored page again (`OUTAGE`): a page is never older than the last purge this process
    could hear of. The channel is asked for a PONG every second; one not heard within a
    second counts as the channel down. Only pages are copied (bytes and headers, never
    objects a request might change).

    Each time the channel comes up, the process checks that Redis is the one whose pages it
    trusted (`verify`): a Redis restarted from a snapshot, or a replica promoted, may hold
    pages a purge already dropped, so its stored pages are dropped before any is served.
    """

    CHANNEL = "pagecache:purged"
    #: The Redis run whose stored pages are trusted (a restart or a failover changes it).
    VERIFIED = "pagecache:verified"
    #: Copies kept at most (about 10 kB each), the least recently used dropped first.
    COPIES = 256
    #: Seconds before a process asks again for a channel that failed.
    RETRY = 5
    #: Seconds between two PINGs on the channel, and the longest wait for its PONG.
    HEARTBEAT = 1.0

    def __init__(self):
        self.lock, self.copies = threading.Lock(), OrderedDict()
        self.listener, self.pid, self.retry_at = None, None, 0.0
        self.pinged, self.ponged = 0.0, 0.0

    def _heard(self):
        """Whether the channel is up, having dropped every copy if a purge came through."""
        if self.pid != os.getpid():  # a forked worker never shares its parent's socket
            self.listener, self.pid = None, os.getpid()
            self.copies.clear()
        try:
            if self.listener is None:
                if time.monotonic() < self.retry_at:
                    return False
                self.listener = self.client().pubsub()
                self.listener.subscribe(cache.make_key(self.CHANNEL))
                # Copies are trusted only once Redis confirmed the subscription.
                if self.listener.get_message(timeout=0.5) is None:
                    raise ConnectionError("no confirmation of the purge channel")
                self.verify()
                self.pinged = self.ponged = time.monotonic()
            while (message := self.listener.get_message(timeout=0)) is not None:
                if message["type"] == "message":
                    self.copies.clear()
                elif message["type"] == "pong":
                    self.ponged = time.monotonic()
            now = time.monotonic()
            if self.ponged < self.pinged and now - self.pinged > self.HEARTBEAT:
                raise ConnectionError("the purge channel did not answer within a second")
            if now - self.pinged > self.HEARTBEAT and self.ponged >= self.pinged:
                self.listener.ping()
                self.pinged = now
            return True
        except Exception as error:
            _failed(error, f"Page store off for {self.RETRY} s")
            if self.listener is not None:
                with contextlib.suppress(Exception):
                    self.listener.close()
            self.listener, self.retry_at = None, time.monotonic() + self.RETRY
            self.copies.clear()
            return False

    def verify(self):
        """Drop every stored page unless Redis is still the run whose pages were trusted."""
        client = self.client()
        run = client.info("server")["run_id"]
        if client.get(cache.make_key(self.VERIFIED)) == run.encode():
            return
        dropped = 0
        for pattern in ("page:*", "keyset:*"):
            batch = []
            for found in client.scan_iter(match=cache.make_key(pattern), count=1000):
                batch.append(found)
                if len(batch) == 1000:
                    dropped += client.unlink(*batch)
                    batch = []
            if batch:
                dropped += client.unlink(*batch)
        client.set(cache.make_key(self.VERIFIED), run)
        if dropped:
            logger.warning("Redis restarted or failed over: %d stored entries dropped", dropped)

    def trusted(self):
        """Whether Redis may be read and written: its purge channel is up and verified."""
        with self.lock:
            return self._heard()

    def copy(self, key):
        """(whether Redis may be read, this process's copy of `key` or None)."""
        with self.lock:
            if not self._heard():
                return False, None
            entry = self.copies.get(key)
            if entry is not None:
                self.copies.move_to_end(key)
            return True, entry

    def keep_copy(self, key, entry):
        with self.lock:
            if self.listener is not None and key.endswith(COPIED):
                self.copies[key] = entry
                while len(self.copies) > self.COPIES:
                    self.copies.popitem(last=False)

    def client(self):
        return cache.client.get_client(write=True)

    def add(self, names, member):
        # No expiry: evicting a set would let a purge miss its pages. A purge empties it.
        pipe = self.client().pipeline(transaction=False)
        for name in names:
            pipe.sadd(cache.make_key(f"keyset:{name}"), member)
        pipe.execute()

    def last_purge(self, names):
        found = self.client().mget([cache.make_key(f"purged:{name}") for name in names])
        return max((float(stamp) for stamp in found if stamp is not None), default=0)

    def purge(self, names, now, suffixes):
        client = self.client()
        sets = [cache.make_key(f"keyset:{name}") for name in names]
        # The purge dates first, then the sets, in one round trip (Redis runs them in order).
        pipe = client.pipeline(transaction=False)
        for name in names:
            pipe.set(cache.make_key(f"purged:{name}"), now)
        for name in sets:
            pipe.smembers(name)
        found = pipe.execute()[len(names) :]
        # Pages first, then their names in the sets: a failure between leaves them to retry.
        pages = [
            cache.make_key(f"{member.decode()}:{suffix}")
            for members in found
            for member in members
            for suffix in suffixes
        ]
        pipe = client.pipeline(transaction=False)
        if pages:
            pipe.delete(*pages)
        for name, members in zip(sets, found, strict=True):
            if members:
                pipe.srem(name, *members)
        pipe.publish(cache.make_key(self.CHANNEL), "purged")
        pipe.execute()
        with self.lock:
            self.copies.clear()


class PageStore:
    """Pages as served, each under its release; for each key, the pages showing it."""

    #: What is stored under a page's name: its bodies, its vary marker, a kept value, and
    #: under a path's name the query parameters its pages read.
    SUFFIXES = (*ENCODINGS, "vary", "value", "params")

    def __init__(self):
        self._local, self._redis = _LocalKeySets(), _RedisKeySets()

    def forget_process_state(self):
        """Forget this process's copies and its purge channel (tests start clean)."""
        redis = self._redis
        with redis.lock:
            redis.copies.clear()
            if redis.listener is not None:
                with contextlib.suppress(Exception):
                    redis.listener.close()
            redis.listener, redis.retry_at = None, 0.0

    def key_sets(self):
        shared = settings.CACHES["default"]["BACKEND"].startswith("django_redis.")
        return self._redis if shared else self._local

    def base(self, name):
        return f"page:{release.stamp()}:{name}"

    def get(self, name, suffix):
        """The stored entry for page `name` in `suffix` (an encoding), or None: this
        process's copy, else one read."""
        key, sets = f"{self.base(name)}:{suffix}", self.key_sets()
        trusted, entry = sets.copy(key)
        if not trusted:
            return None
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                sets.keep_copy(key, entry)
        if entry is None or entry["expires"] <= time.time():
            return None
        return entry

    def put(self, name, entries, names, *, timeout, started):
        """Store {suffix: entry} for page `name`, showing `names`, rendered from `started`.

        The page joins its keys' sets before it is stored, and purges are checked after: a
        purge that ran while it was rendered or stored either finds it or is seen here."""
        base = self.base(name)
        stored = {f"{base}:{suffix}": entry for suffix, entry in entries.items()}
        try:
            sets = self.key_sets()
            if not sets.trusted():
                return
            if names:
                sets.add(names, base)
            cache.set_many(stored, timeout)
            if names and sets.last_purge(names) + CLOCK_SKEW >= started:
                cache.delete_many(list(stored))
                return
            # This process reads back what it wrote (a path's marker counts its copies).
            for key, entry in stored.items():
                sets.keep_copy(key, entry)
        except Exception as error:  # the cache is down: the page is simply not kept
            _failed(error, "Page not stored")
            cache.delete_many(list(stored))

    def purge(self, names):
        """Drop every stored page showing any of `names`; raises when the cache is down."""
        try:
            self.key_sets().purge(names, time.time(), self.SUFFIXES)
        except Exception as error:
            _failed(error, "Purge not applied")
            raise

    def kept(self, name, build):
        """A value kept like a page: `build()` returns (value, the keys it shows, seconds it
        may live), and the value is reused until one of those keys is purged (None: not
        kept). For a list's total, and the article's rendition (reader.cache.RenditionMixin)."""
        started = time.time()
        entry = self.get(name, "value")
        if entry is not None:
            return entry["value"]
        value, names, timeout = build()
        if names is not None and timeout > 0:
            self.keep(name, value, names, timeout=timeout, started=started)
        return value

    def keep(self, name, value, names, *, timeout, started):
        """Store `value` under `name` as `kept()` reads it, until `names` are purged."""
        entry = {"value": value, "expires": time.time() + timeout}
        self.put(name, {"value": entry}, names, timeout=timeout, started=started)


store = PageStore()
