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

from . import release

logger = logging.getLogger(__name__)

#: Bodies kept per page, in the order a browser's Accept-Encoding is served.
ENCODINGS = ("br", "gzip", "identity")
#: A purge is remembered this long, so a page whose render began before it is not stored.
PURGE_MEMORY = 300
#: Clocks of two app servers may differ this much: a page rendered that close after a purge
#: on another server is not stored either.
CLOCK_SKEW = 0.5
#: Set when the store failed this process (a purge refused, the channel lost): the purges
#: still waiting go out before a stored page is served again (core.pagecache.may_serve).
OUTAGE = threading.Event()


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

    def copy(self, key):
        return None  # the cache is this process's memory already

    def keep_copy(self, key, entry):
        pass

    def add(self, names, member, timeout):
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


#: What a process keeps copies of: pages as served and their vary markers.
COPIED = tuple(f":{suffix}" for suffix in (*ENCODINGS, "vary"))


class _RedisKeySets:
    """Key sets and purge dates in Redis itself, through the raw client: every process adds
    and purges atomically, and a failure raises instead of passing for a miss.

    It also keeps this process's copies of the entries it read last, so that a hit costs no
    round trip to Redis (`make bench`: a third of a cached page's time). Every purge, by any
    process, is announced on a Redis channel; before a copy is used, what the channel
    brought is read (a look at the socket, no round trip) and any purge drops every copy.
    Without the channel (Redis down or hung, a new process, a dropped connection) there are
    no copies, and the process sends the purges still waiting before it serves a stored page
    again (`OUTAGE`): a copy is never older than the last purge this process could hear of.
    The channel is asked for a PONG every second; one not heard within a second counts as
    the channel down. Only pages are copied (bytes and headers, never objects a request
    might change).
    """

    CHANNEL = "pagecache:purged"
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
            logger.warning("Page copies off for %s s: %s", self.RETRY, error)
            if self.listener is not None:
                with contextlib.suppress(Exception):
                    self.listener.close()
            self.listener, self.retry_at = None, time.monotonic() + self.RETRY
            self.copies.clear()
            # Purges may have failed meanwhile: they are sent before a stored page is served.
            OUTAGE.set()
            return False

    def copy(self, key):
        with self.lock:
            if not self._heard():
                return None
            entry = self.copies.get(key)
            if entry is not None:
                self.copies.move_to_end(key)
            return entry

    def keep_copy(self, key, entry):
        with self.lock:
            if self.listener is not None and key.endswith(COPIED):
                self.copies[key] = entry
                while len(self.copies) > self.COPIES:
                    self.copies.popitem(last=False)

    def client(self):
        return cache.client.get_client(write=True)

    def add(self, names, member, timeout):
        pipe = self.client().pipeline(transaction=False)
        for name in names:
            pipe.sadd(cache.make_key(f"keyset:{name}"), member)
            pipe.expire(cache.make_key(f"keyset:{name}"), timeout)
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
            pipe.set(cache.make_key(f"purged:{name}"), now, ex=PURGE_MEMORY)
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

    #: What is stored under a page's name: its bodies, its vary marker, a kept value.
    SUFFIXES = (*ENCODINGS, "vary", "value")

    def __init__(self):
        self._local, self._redis = _LocalKeySets(), _RedisKeySets()

    def forget_copies(self):
        with self._redis.lock:
            self._redis.copies.clear()

    def key_sets(self):
        shared = settings.CACHES["default"]["BACKEND"].startswith("django_redis.")
        return self._redis if shared else self._local

    def base(self, name):
        return f"page:{release.stamp()}:{name}"

    def get(self, name, suffix):
        """The stored entry for page `name` in `suffix` (an encoding), or None: this
        process's copy, else one read."""
        key, sets = f"{self.base(name)}:{suffix}", self.key_sets()
        entry = sets.copy(key)
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
            sets.add(names, base, settings.PAGE_CACHE_TIMEOUT)
            cache.set_many(stored, timeout)
            if sets.last_purge(names) + CLOCK_SKEW >= started:
                cache.delete_many(list(stored))
        except Exception as error:  # the cache is down: the page is simply not kept
            logger.warning("Page not stored: %s", error)
            OUTAGE.set()
            cache.delete_many(list(stored))

    def purge(self, names):
        """Drop every stored page showing any of `names`; raises when the cache is down."""
        self.key_sets().purge(names, time.time(), self.SUFFIXES)

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
