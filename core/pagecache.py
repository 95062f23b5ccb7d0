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

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

from . import edge, release
from .models import PendingPurge
from .pagestore import OUTAGE, store

logger = logging.getLogger(__name__)

#: Every page listing public explainers (home, tags, feeds, related lists, the sitemap).
LISTING = "list:articles"
#: The set of people, productions, quotes and tags itself, as the sitemap and API list it.
CATALOGUE = "list:catalogue"
#: The release calendar: every episode, season and offer to come (reader/schedule.py).
SCHEDULE = "list:schedule"
#: What every HTML page's furniture shows: the footer's standing pages (and the publisher's
#: policies the home page declares). Reader pages carry it; a change to them purges it.
FURNITURE = "site:furniture"


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
    #: Whether it orders offers by the reader's chosen country (a copy per country).
    by_country: bool = False


def mark_cacheable(
    response, *, keys, last_modified=None, timeout=None, watched_series=(), by_country=False
):
    """Let `response` be shared by anonymous readers until one of `keys` is purged."""
    response.page_cache = PageInfo(
        tuple(dict.fromkeys(keys)),
        last_modified,
        timeout,
        tuple(sorted(set(watched_series))),
        bool(by_country),
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
                OUTAGE.set()  # this process serves no stored page until the purge went
                raise
            for backend in edge.backends() if edges else ():
                backend.purge(purge.keys)
        except Exception as error:  # a cache or an edge is down: kept for the next try
            # Said once per purge: during an outage every request retries what waits.
            log = logger.warning if purge.attempts == 0 else logger.debug
            log("Purge of %s kept for a retry: %s", ", ".join(purge.keys), error)
            PendingPurge.objects.filter(pk=purge.pk).update(attempts=purge.attempts + 1)
            continue
        sent.append(purge.pk)
    if sent and (edges or not edge.backends()):
        PendingPurge.objects.filter(pk__in=sent).delete()
    return len(sent)


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


_draining = threading.Lock()


def may_serve():
    """Whether stored pages may be served: not while the store owes this process purges.

    After the store failed this process (`OUTAGE`: a purge refused, the copies' channel
    lost), the purges still waiting are sent to the store first; an edge that refused one
    does not hold back this cache (its purges wait for `send_purges`)."""
    if not OUTAGE.is_set():
        return True
    with _draining:
        if OUTAGE.is_set():
            try:
                waiting = list(PendingPurge.objects.order_by("pk")[:500])
                OUTAGE.clear()
                purges_send(pending=waiting, edges=False)
            except DatabaseError:
                OUTAGE.set()
    return not OUTAGE.is_set()


def forget_process_state():
    """Forget this process's copies, its purge channel and its note of an outage (tests start
    clean)."""
    OUTAGE.clear()
    store.forget_process_state()


def seconds_until_tomorrow():
    """Pages showing what is on today (where to watch) turn over at local midnight."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


def seconds_until_next(moments, *, now=None, longest=None):
    """How long a page may be kept when it changes by the clock alone at `moments` (an
    entry leaving a window, a release starting, an offer ending): until the first of them
    still ahead, and never longer than `longest` (seconds; None: no other bound). Nothing
    purges at such a moment, so the stored copy must not outlive it."""
    now = now or timezone.now()
    ahead = [(moment - now).total_seconds() for moment in moments if moment and moment > now]
    bounds = [*ahead, *([longest] if longest is not None else [])]
    if not bounds:
        return None
    return max(1, int(min(bounds)))
