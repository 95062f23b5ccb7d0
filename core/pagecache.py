"""The page cache: one vocabulary of surrogate keys, one store, one purge.

A public page declares the objects it shows as surrogate keys (`article:12`, `person:3`,
`list:articles`); a change declares the objects it touched; `keys()` derives both from the
models, so they cannot drift. The same keys drive the three places a page is kept:

- this module's store (Django's cache: local memory, or Redis shared by every process),
  holding each page as it is served (identity, gzip and brotli bodies, made once) under
  the release that rendered it (core/release.py), and for each key the set of pages showing
  it, so a purge drops exactly those pages;
- the edge (Varnish, Fastly, Cloudflare: core/edge.py), told the keys in a response header
  and purged by the same call;
- `PendingPurge`, the outbox: a purge is written with the change that causes it and deleted
  only once every cache took it, so a purge made while a cache is down is sent again.

The reader's middleware (reader/cache.py) decides which requests may share a page.
"""

import gzip
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

import brotli

from . import edge, release
from .models import PendingPurge

logger = logging.getLogger(__name__)

#: Every page listing public explainers (home, tags, feeds, related lists, the sitemap).
LISTING = "list:articles"
#: The set of people, productions, quotes and tags itself, as the sitemap and API list it.
CATALOGUE = "list:catalogue"

#: Bodies kept per page, in the order a browser's Accept-Encoding is served.
ENCODINGS = ("br", "gzip", "identity")
#: A purge is remembered this long, so a page whose render began before it is not stored.
PURGE_MEMORY = 300
#: Clocks of two app servers may differ this much: a page rendered that close after a purge
#: on another server is not stored either.
CLOCK_SKEW = 0.5


# == The vocabulary ==========================================================================


def key(obj, pk=None):
    """The surrogate key of one object: `key(article)` is "article:12", `key(Person, 3)`
    "person:3" (for an id alone). Named by the model, never written by hand."""
    model, pk = (obj, pk) if pk is not None else (type(obj), obj.pk)
    return f"{model._meta.model_name}:{pk}"


def keys(*objects):
    """The keys of what `objects` are: what a page showing them declares, and what a change to
    them purges. A model whose rows show on other objects' pages (a credit on its person's and
    production's) says so in `cache_keys()`; strings pass through (`LISTING`)."""
    found = []
    for obj in objects:
        if obj is None:
            continue
        if isinstance(obj, str):
            found.append(obj)
        elif hasattr(obj, "cache_keys"):
            found += obj.cache_keys()
        else:
            found.append(key(obj))
    return list(dict.fromkeys(found))


# == What a response says =====================================================================


@dataclass(frozen=True)
class PageInfo:
    """What a view says about its response: the keys it shows, its date, its longest life."""

    keys: tuple
    last_modified: object = None
    timeout: int | None = None
    #: Series whose watched-up-to position the page folds by (its copies vary on them).
    watched_series: tuple = ()


def mark_cacheable(response, *, keys, last_modified=None, timeout=None, watched_series=()):
    """Let `response` be shared by anonymous readers until one of `keys` is purged."""
    response.page_cache = PageInfo(
        tuple(dict.fromkeys(keys)), last_modified, timeout, tuple(sorted(set(watched_series)))
    )
    return response


# == Purges ==================================================================================


def invalidate(*names, using=None):
    """Pages showing any of `names` are dropped everywhere once the transaction commits.

    The purge is written in the same transaction (`PendingPurge`), so it cannot be lost:
    it is deleted once every cache has taken it, else sent again (`purges_send`). Called by
    services and admin saves, never by `save()` or signals.
    """
    names = sorted({name for name in names if name})
    if not names:
        return
    pending = PendingPurge.objects.using(using).create(keys=names)
    transaction.on_commit(lambda: purges_send(pending=[pending]), using=using)


def purges_send(*, pending=None, edges=True):
    """Send purges to the store and (with `edges`) to every edge; a purge every cache took
    is deleted, one a cache refused is kept and counted. `pending` defaults to every purge
    still waiting (`send_purges`, and a process back from an outage). Returns how many went."""
    if pending is None:
        pending = list(PendingPurge.objects.order_by("pk")[:500])
    sent = []
    for purge in pending:
        try:
            try:
                store.purge(purge.keys)
            except Exception:
                _outage.note()
                raise
            for backend in edge.backends() if edges else ():
                backend.purge(purge.keys)
        except Exception as error:  # a cache or an edge is down: kept for the next try
            logger.warning("Purge of %s kept for a retry: %s", ", ".join(purge.keys), error)
            PendingPurge.objects.filter(pk=purge.pk).update(attempts=purge.attempts + 1)
            continue
        sent.append(purge.pk)
    if sent and (edges or not edge.backends()):
        PendingPurge.objects.filter(pk__in=sent).delete()
    return len(sent)


class _Outage:
    """Whether this process saw the store refuse a purge: until the store has taken every
    purge still waiting, stored pages are not served (`may_serve`). An edge that refused
    one does not stop this cache: its purges wait for `send_purges`."""

    def __init__(self):
        self.lock, self.pending = threading.Lock(), False

    def note(self):
        self.pending = True

    def may_serve(self):
        if not self.pending:
            return True
        with self.lock:
            if self.pending:
                try:
                    waiting = list(PendingPurge.objects.order_by("pk")[:500])
                    self.pending = False
                    purges_send(pending=waiting, edges=False)
                except DatabaseError:
                    self.pending = True
        return not self.pending


_outage = _Outage()


_announced = threading.Event()


def announce_release():
    """The first process of a new release empties the edge, which keeps pages for their
    `s-maxage` whatever rendered them; this cache needs nothing (its names carry the
    release). Once per process; retried on the next request if the edge did not answer."""
    if _announced.is_set():
        return
    _announced.set()
    backends = edge.backends()
    marker = f"release-announced:{release.stamp()}"
    if not backends or not cache.add(marker, 1, timeout=None):
        return
    try:
        for backend in backends:
            backend.purge_all()
    except Exception as error:
        logger.warning("The edge was not emptied for release %s: %s", release.stamp(), error)
        cache.delete(marker)
        _announced.clear()


def forget_process_state():
    """Forget this process's copies and its note of an outage (tests start clean)."""
    _outage.pending = False
    with store._redis.lock:
        store._redis.copies.clear()


def may_serve():
    """Whether stored pages may be served: not while purges this process missed are owed."""
    return _outage.may_serve()


# == The store ===============================================================================


def compress(body, encoding):
    """`body` as sent for `encoding`: brotli (quality 5, a tenth of 11's cost) or gzip."""
    if encoding == "br":
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=5)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=6, mtime=0)
    return body


class _LocalKeySets:
    """Key sets and purge dates for a cache only this process sees (local memory)."""

    def copy(self, key):
        return None  # the cache is this process's memory already

    def keep_copy(self, key, entry):
        pass

    def __init__(self):
        self.lock, self.sets = threading.Lock(), {}

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
    again (`_outage`): a copy is never older than the last purge this process could hear of.
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
            self.listener, self.retry_at = None, time.monotonic() + self.RETRY
            self.copies.clear()
            # Purges may have failed meanwhile: they are sent before a stored page is served.
            _outage.note()
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
        client.mset({cache.make_key(f"purged:{name}"): now for name in names})
        for name in names:
            client.expire(cache.make_key(f"purged:{name}"), PURGE_MEMORY)
        sets = [cache.make_key(f"keyset:{name}") for name in names]
        pipe = client.pipeline(transaction=False)
        for name in sets:
            pipe.smembers(name)
        found = pipe.execute()
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
            _outage.note()
            cache.delete_many(list(stored))

    def purge(self, names):
        """Drop every stored page showing any of `names`; raises when the cache is down."""
        self.key_sets().purge(names, time.time(), self.SUFFIXES)

    def kept(self, name, build):
        """A value kept like a page: `build()` returns (value, the keys it shows, seconds it
        may live), and the value is reused until one of those keys is purged (None: not
        kept). For a list's total, and the article's rendition (reader/views/articles.py)."""
        started = time.time()
        entry = self.get(name, "value")
        if entry is not None:
            return entry["value"]
        value, names, timeout = build()
        if names is not None and timeout > 0:
            entry = {"value": value, "expires": time.time() + timeout}
            self.put(name, {"value": entry}, names, timeout=timeout, started=started)
        return value


store = PageStore()


def seconds_until_tomorrow():
    """Pages showing what is on today (where to watch) turn over at local midnight."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))
