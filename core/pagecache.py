"""Names for what public pages show, and the one call that makes cached copies of them stale.

A cached page remembers the tags it depends on (`article:12`, `person:3`, `listing` ...).
`invalidate()` dates each tag anew once the transaction commits; a cached copy rendered
before that date is not served again. Every app may call it (this app imports none of
them); the reader's page cache (reader/cache.py) reads the dates.
"""

import contextlib
import contextvars
import pickle
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

from core.tracking import UNKNOWN, TrackedKey

#: Every page that lists public explainers (home, tag pages, feeds, related articles, the
#: sitemap, the "mentioned in" lists): a change to any public explainer changes them.
LISTING = "listing"
#: The set of people, productions, quotes and tags itself, as the sitemap lists them.
CATALOGUE = "catalogue"

VERSION_PREFIX = "pagecache:tag:"
#: Dated this far ahead so that a page rendered on a server whose clock runs a little
#: ahead of this one's still counts as older than the change (pages rendered in that
#: half-second are not reused).
CLOCK_SKEW = 0.5


def tag(kind, pk):
    """The tag of one object a page shows: `tag("person", 3)` is "person:3"."""
    return f"{kind}:{pk}"


def version_key(name):
    return f"{VERSION_PREFIX}{name}"


def invalidate(*tags, using=None):
    """Once the current transaction commits, cached pages showing any of `tags` are rendered anew.

    Outside a transaction it happens at once. Called by services and admin saves, never
    by `save()` or signals.
    """
    names = sorted({name for name in tags if name})
    if not names:
        return

    def bump():
        stamp = time.time() + CLOCK_SKEW
        # No expiry: a tag's date must outlive every page cached under it.
        cache.set_many({version_key(name): stamp for name in names}, timeout=None)
        # Only then the generation: a copy checked against it must find these dates.
        _next_generation()

    transaction.on_commit(bump, using=using)


#: A number that changes whenever any tag is dated anew: a copy stored (or last found
#: fresh) at the current generation is fresh without reading its tags' dates.
GENERATION_KEY = "pagecache:generation"


#: {(Redis URL, key prefix): TrackedKey}: the generation kept in this process (see below).
_tracked = {}


def _tracked_generation():
    """The generation's TrackedKey where the cache is one Redis (core/tracking.py), else None.

    Every anonymous request reads the generation: kept here and refreshed when Redis pushes
    a change, it costs no round trip, yet a change is seen on the very next request."""
    config = settings.CACHES["default"]
    location = config.get("LOCATION")
    if not config["BACKEND"].startswith("django_redis.") or not isinstance(location, str):
        return None
    entry = (location, config.get("KEY_PREFIX", ""))
    tracked = _tracked.get(entry)
    if tracked is None:
        options = config.get("OPTIONS", {})
        tracked = _tracked[entry] = TrackedKey(
            location,
            cache.make_key(GENERATION_KEY),
            decode=cache.client.decode,
            timeout=options.get("SOCKET_TIMEOUT", 0.5),
            connect_timeout=options.get("SOCKET_CONNECT_TIMEOUT", 0.5),
            retry_seconds=options.get("CIRCUIT_BREAKER_SECONDS", 5),
        )
    return tracked


@receiver(setting_changed)
def _forget_tracked(setting, **kwargs):
    if setting == "CACHES":
        for tracked in _tracked.values():
            tracked.close()
        _tracked.clear()


def generation():
    """The current generation (a new random one when there is none yet, or it was lost), or
    None when the cache cannot say (then every copy is checked against its tags)."""
    tracked = _tracked_generation()
    current = tracked.get() if tracked is not None else UNKNOWN
    if current is not None and current is not UNKNOWN:
        return current
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, secrets.randbits(62), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def _next_generation():
    # A generation that was lost starts again from a random number, never from one an old
    # copy may carry.
    try:
        if cache.add(GENERATION_KEY, secrets.randbits(62), timeout=None):
            return
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # lost between the two calls
            cache.add(GENERATION_KEY, secrets.randbits(62), timeout=None)
    finally:
        # This process sees its own change on its next request, whenever Redis's
        # invalidation reaches the tracking connection.
        tracked = _tracked_generation()
        if tracked is not None:
            tracked.forget()


def tag_dates(names):
    """{tag: date of its last change} for `names`, in one round trip; unknown tags are left out."""
    found = cache.get_many([version_key(name) for name in names])
    return {name: found[version_key(name)] for name in names if version_key(name) in found}


def date_unknown_tags(names, stamp):
    """Date the tags that have no date yet (new, or evicted from the cache) as `stamp`."""
    for name in names:
        cache.add(version_key(name), stamp, timeout=None)


def is_fresh(tags, since):
    """Whether nothing that `tags` name has changed since `since` (and no tag's date is lost)."""
    dates = tag_dates(tags)
    return len(dates) == len(tags) and max(dates.values(), default=0) <= since


#: When the page being rendered started: a tag first seen while rendering it is dated then.
_render_started = contextvars.ContextVar("pagecache_render_started", default=None)


@contextlib.contextmanager
def rendering(started):
    """Mark the render of a page that began at `started` (the page cache's middleware does).

    A tag nobody has dated yet is dated when the page began, not when a part of it was
    remembered, so the page stored at the end is not older than its own parts."""
    token = _render_started.set(started)
    try:
        yield
    finally:
        _render_started.reset(token)


class LocalEntries:
    """The entries this process read or wrote last, beside the shared cache: a hit at the
    current generation reads nothing from the shared cache; after a change elsewhere, only
    its tags' dates (one round trip), never the entry itself.

    An entry is only ever replaced by a newer one under a new date, so a copy kept here is
    either still the shared one or stale by its tags or its expiry, which every use checks;
    then the shared cache is asked. Bounded, least recently used out first.
    """

    def __init__(self, size=512):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.items.get(key)
            if entry is not None:
                self.items.move_to_end(key)
            return entry

    def set(self, key, entry):
        with self.lock:
            self.items[key] = entry
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def discard(self, key):
        with self.lock:
            self.items.pop(key, None)

    def clear(self):
        with self.lock:
            self.items.clear()


#: This process's copies of remembered values and stored pages (see LocalEntries).
local_entries = LocalEntries()
#: This process's copies of values kept under keys that name their version (`versioned`).
versioned_entries = LocalEntries(size=256)


def clear_local():
    """Forget what this process keeps beside the shared cache (tests and the bench, after
    emptying the shared cache, so that nothing is answered from here)."""
    local_entries.clear()
    versioned_entries.clear()
    for tracked in _tracked.values():
        tracked.forget()


def versioned(key, build, *, timeout):
    """What `build()` makes for `key`, a key naming the version of all it holds (the article
    body per version of its blocks): never stale, so this process keeps its own copy too and
    asks the shared cache only the first time."""
    value = versioned_entries.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        versioned_entries.set(key, value)
    return value


def usable(entry, current):
    """Whether a stored entry may still be served: not expired, and no tag changed since (no
    tag changed at all when the generation is the one it carries)."""
    if entry is None or entry["expires"] <= time.time():
        return False
    if current is not None and entry.get("generation") == current:
        return True
    return is_fresh(entry["tags"], entry["started"])


def fetch(key, current):
    """A usable entry for `key`: this process's copy if it still holds, else the shared one.

    `current` is the generation the caller read (`generation()`); read before any rendering,
    it is also the one a new entry for `key` is stored with.
    """
    entry = local_entries.get(key)
    if usable(entry, current):
        if current is None or entry.get("generation") == current:
            return entry  # the usual hit: nothing to note
    else:
        entry = cache.get(key)
        if not usable(entry, current):
            return None
    # Found fresh after `current` was read: until the generation moves on, it stays so.
    if current is not None and entry.get("generation") != current:
        entry = {**entry, "generation": current}
    local_entries.set(key, entry)
    return entry


def keep(key, entry, timeout, *, beside=None):
    """Store `entry` in the shared cache (for every process) and in this process's copies;
    `beside` ({key: value}) is stored with it, in the same round trip, for as long."""
    cache.set_many({key: entry, **(beside or {})}, timeout)
    local_entries.set(key, entry)


def forget(key):
    """Drop `key` everywhere: the shared cache and this process's copy."""
    cache.delete(key)
    local_entries.discard(key)


def remember(key, build, *, timeout, shared=False):
    """What `build()` reads from the database, kept until one of the tags it names changes.

    `build()` returns `(value, tags)`; with `tags` None the value is not kept (a 404, say).
    The same rule as the page cache: an entry made before one of its tags was last dated is
    not used again, so a change a service invalidates is seen on the next request. Entries
    also expire after `timeout` seconds, which bounds what no tag covers (rating counts).
    The value is kept pickled, so every request gets its own copy to use; with `shared`, for
    a value its users only read (the loaded article), every request of this process gets
    the same copy, unpickled once, for as long as the entry holds.
    """
    now, current = time.time(), generation()
    entry = fetch(key, current)
    if entry is not None:
        if shared and "loaded" in entry:
            return entry["loaded"]
        value = pickle.loads(entry["value"])
        if shared:
            local_entries.set(key, {**entry, "loaded": value})
        return value
    value, tags = build()
    if tags is None or timeout <= 0:
        return value
    tags = tuple(dict.fromkeys(tags))
    dated = tag_dates(tags)
    date_unknown_tags([name for name in tags if name not in dated], _render_started.get() or now)
    entry = {
        "started": now,
        "generation": current,
        "tags": tags,
        "value": pickle.dumps(value),
        "expires": now + timeout,
    }
    keep(key, entry, timeout)
    if shared:
        local_entries.set(key, {**entry, "loaded": value})
    return value
