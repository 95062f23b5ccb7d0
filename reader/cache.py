"""Which requests share a page, and the middleware that serves and stores them.

A reader view marks its response cacheable with the surrogate keys it shows
(`CachedPageMixin.get_page_keys`, `CachedFeedMixin.page_keys`, `cached_page`; the API
through `core.pagecache.mark_cacheable`). `PageCacheMiddleware` sits before sessions, CSRF
and auth: a GET or HEAD without a session, messages or voter cookie is looked up by scheme,
host, path and the query parameters pages at that path read (core/parameters.py: a
parameter no page reads makes no new copy), in the encoding the browser takes, and answered
as stored. Everyone else, and every page that set a cookie, gets the page rendered for them
with `Cache-Control: private, no-cache`. A path keeps at most `MAX_VARIANTS` copies between
two purges of what it shows, so no query string can fill the cache.

A page that folds spoilers by the reader's place in a series (`marquee_watched`, see
productions/positions.py) names the series it reads (`watched_series`). Its copies are kept
per variant: one for readers without a position, one per combination of positions in
exactly those series; a small marker stored with the page says which series it reads.

A page that orders offers by the reader's country (`marquee_country`, core/countries.py)
says so (`by_country`): the marker records it, and a reader who chose a country other than
`DEFAULT_COUNTRY` gets the copy for that country (a valid ISO code: at most one copy per
country); everyone else shares the default copy. Country copies are public, with `Vary:
Cookie` for browsers; the edge keys them on the same normalised cookie (deploy/varnish).
"""

import hashlib
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.models import Article
from core import edge
from core.pagecache import FURNITURE, LISTING, announce_release, mark_cacheable, may_serve
from core.pagestore import ENCODINGS, compress, store
from core.parameters import EVERY, ReadQuery
from productions.positions import Positions

from .compression import MIN_LENGTH, is_compressible
from .country import country_for
from .variants import negotiate, page_name, path_name, variant_country, variant_name

#: The longest an edge that is purged keeps a page no date bounds: a day.
EDGE_LONGEST = 24 * 60 * 60
#: Copies one path may get (one per value of the parameters its pages read) until a key they
#: show is purged; past it, a page is rendered for its reader and not stored.
MAX_VARIANTS = 64


class CachedPageMixin:
    """A reader page kept in the page cache; views name what it shows in `get_page_keys`."""

    #: False for a subclass that must never be shared (a staff preview).
    page_cache_enabled = True

    def get_page_keys(self, context):
        return [LISTING]

    def get_last_modified(self, context):
        return None

    def get_page_cache_timeout(self, context):
        return None

    def get_watched_series(self, context):
        """Series whose watched-up-to position changes this page (spoiler folds): none."""
        return ()

    def get_by_country(self, context):
        """Whether the page orders offers by the reader's country: when it shows any."""
        where = context.get("where_to_watch")
        return bool(where and where.by_country)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.page_cache_enabled:
            return response
        return mark_cacheable(
            response,
            # Every reader page shows the furniture: its footer lists the standing pages.
            keys=[*self.get_page_keys(context), FURNITURE],
            last_modified=self.get_last_modified(context),
            timeout=self.get_page_cache_timeout(context),
            watched_series=self.get_watched_series(context),
            by_country=self.get_by_country(context),
        )


class CachedFeedMixin:
    """A syndication feed kept in the page cache; `page_keys(obj)` names what it shows."""

    def page_keys(self, obj):
        return [LISTING]

    def get_feed(self, obj, request):
        # A Feed instance serves every request, so the keys ride on the request.
        request.page_keys = self.page_keys(obj)
        return super().get_feed(obj, request)

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return mark_cacheable(response, keys=getattr(request, "page_keys", [LISTING]))


class RenditionMixin:
    """A page kept as rendered for the request parts that choose it (`rendition_parameters`
    and the reader's watched-up-to positions), until a key it shows is purged: a URL never
    seen before (`?utm_source=`, `?fbclid=`) is stored without rendering the page again."""

    rendition_parameters = ()

    def get(self, request, *args, **kwargs):
        full = getattr(request, "page_variants_full", False)
        if settings.PAGE_CACHE_TIMEOUT <= 0 or is_personal(request) or full:
            return super().get(request, *args, **kwargs)
        chosen = sorted((n, request.GET[n]) for n in self.rendition_parameters if n in request.GET)
        watched = Positions.from_request(request).key()
        country = country_for(request)
        chosen_by = f"{request.path}?{urlencode(chosen)}#{watched}#{country}"
        name = f"rendition:{hashlib.sha256(chosen_by.encode()).hexdigest()}"

        def render():
            response = super(RenditionMixin, self).get(request, *args, **kwargs).render()
            info = response.page_cache
            timeout = min(page_life(info), settings.PAGE_CACHE_TIMEOUT)
            kept = {"content": response.content, "type": response["Content-Type"], "info": info}
            # What the page's own policy adds (an embed's player host) is part of the page.
            kept["csp"] = getattr(response, "_csp_update", None)
            return kept, list(info.keys), timeout

        kept = store.kept(name, render)
        response = HttpResponse(kept["content"], content_type=kept["type"])
        response.page_cache = kept["info"]
        if kept.get("csp"):
            response._csp_update = kept["csp"]
        return response


def is_personal(request):
    """Whether this visit carries a message for its reader ("your comment is awaiting
    moderation", after a post without JavaScript): its page is theirs alone."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cached_page(*keys):
    """Decorate a function view whose page shows only what `keys` name (the sitemap)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return mark_cacheable(view(request, *args, **kwargs), keys=keys)

        return wrapper

    return decorator


# == How long ================================================================================


def seconds_until_next_scheduled():
    """A scheduled explainer goes public by itself at its time: lists must be fresh by then.
    Kept until an explainer is published, scheduled or taken down, or that time comes."""
    now = timezone.now()

    def soonest():
        found = Article.objects.live().filter(publish_at__gt=now).aggregate(at=Min("publish_at"))
        return found["at"]

    at = store.kept("next-scheduled", lambda: (soonest(), [LISTING], settings.PAGE_CACHE_TIMEOUT))
    if at is not None and at <= now:
        # That one is public now (no job marks it): the next one is read and kept.
        at = soonest()
        timeout = settings.PAGE_CACHE_TIMEOUT
        store.keep("next-scheduled", at, [LISTING], timeout=timeout, started=time.time())
    return max(1, int((at - now).total_seconds())) if at else None


def listing_timeout(timeout=None):
    """How long something listing public explainers may be kept: `timeout` (by default
    PAGE_CACHE_TIMEOUT), cut short at the next scheduled explainer's time."""
    timeout = timeout or settings.PAGE_CACHE_TIMEOUT
    soonest = seconds_until_next_scheduled()
    return min(timeout, soonest) if soonest is not None else timeout


def page_life(info):
    """How long a page may be kept at all (an edge that is purged keeps it that long): its
    own timeout, else a day, cut at the next scheduled explainer's time if it lists them."""
    life = info.timeout or EDGE_LONGEST
    if LISTING in info.keys and (settings.PAGE_CACHE_TIMEOUT > 0 or edge.backends()):
        life = listing_timeout(life)
    return life


def kept_listing(name, build):
    """A value about the lists (a total) kept until the lists change; read each time where
    the page cache is off."""
    if settings.PAGE_CACHE_TIMEOUT <= 0:
        return build()
    return store.kept(name, lambda: (build(), [LISTING], listing_timeout()))


# == The middleware ==========================================================================


def public_cache_control(life):
    """Browsers keep a page PAGE_CACHE_MAX_AGE, or less when it must change sooner by
    itself; an edge that is purged keeps it until then (`s-maxage`: the page's `life`)."""
    edge_age = f"s-maxage={life}, " if edge.backends() else ""
    return (
        f"public, max-age={min(settings.PAGE_CACHE_MAX_AGE, life)}, {edge_age}"
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    )


def served(request, entry):
    """The response for a stored entry (or 304 to a matching conditional request)."""
    response = HttpResponse(entry["body"])
    for name, value in entry["headers"]:
        response[name] = value
    if any(name in request.META for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")):
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
    return response


class PageCacheMiddleware:
    """Serve anonymous readers' published pages as stored; store what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        announce_release()
        path = path_name(request)
        on = settings.PAGE_CACHE_TIMEOUT > 0
        positions = Positions.from_request(request)
        country = variant_country(request)
        known = None
        if path is not None and on and may_serve():
            known = store.get(path, "params")
            if known is not None:
                name = page_name(path, request.GET, known["names"])
                entry = self.lookup(name, positions, country, negotiate(request))
                if entry is not None:
                    response = served(request, entry)
                    response["X-Page-Cache"] = "hit"
                    return response
        started = time.time()
        storing = path is not None and request.method == "GET" and on
        if request.method in ("GET", "HEAD"):
            # Links on the page carry what it read ({% carry_query %}), cached or not.
            request.GET = ReadQuery(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
        request.page_variants_full = known is not None and known["count"] >= MAX_VARIANTS
        response = self.get_response(request)
        info = getattr(response, "page_cache", None)
        if info is None or response.status_code != 200:
            return response
        if path is None or response.cookies or response.streaming:
            # Signed in, a reader with cookies, or a page that set one: theirs alone.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if storing:
            names = self.names_read(known, request.GET.names_read())
            storing = not request.page_variants_full
        else:
            names = EVERY
        name = page_name(path, request.GET, names)
        by_country = country if info.by_country else ""
        variant = variant_name(name, positions, info.watched_series, by_country)
        # This cache keeps a page no longer than PAGE_CACHE_TIMEOUT, which bounds its memory.
        life = page_life(info)
        timeout = min(life, settings.PAGE_CACHE_TIMEOUT)
        # Compressed once here: every encoding when stored, else the one this reader takes.
        encodings = ENCODINGS if storing else (negotiate(request),)
        shared = variant == variant_name(name, positions, (), by_country)
        entries = self.entries(response, info, timeout, life, encodings, shared=shared)
        if storing:
            count = known["count"] + 1 if known is not None and known["names"] == names else 1
            # The path's marker goes with its pages' keys: a purge starts its count again.
            learned = {"names": names, "count": count, "expires": time.time() + timeout}
            store.put(path, {"params": learned}, info.keys, timeout=timeout, started=started)
            series, expires = list(info.watched_series), time.time() + timeout
            marker = {"series": series, "country": info.by_country, "expires": expires}
            if variant == name:
                entries["vary"] = marker
            else:
                store.put(name, {"vary": marker}, info.keys, timeout=timeout, started=started)
            store.put(variant, entries, info.keys, timeout=timeout, started=started)
        response = served(request, entries[negotiate(request)])
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def names_read(known, read):
        """The parameters pages at a path read: what this render read, and what others did."""
        if known is None:
            return read
        if EVERY in (read, known["names"]):
            return EVERY
        return sorted({*read, *known["names"]})

    def lookup(self, name, positions, country, encoding):
        """The stored copy for this reader: the page's own, or, for a reader with a
        watched-up-to position or a chosen country, the variant for their positions in the
        series it folds by and their country if it orders offers by one."""
        if positions or country:
            marker = store.get(name, "vary")
            if marker is None:
                return None
            country = country if marker.get("country") else ""
            name = variant_name(name, positions, marker["series"], country)
        return store.get(name, encoding)

    def entries(self, response, info, timeout, life, encodings, *, shared):
        """The page as served in each encoding, compressed once here, with its headers."""
        body = response.content
        if shared:
            response["Cache-Control"] = public_cache_control(life)
            for backend in edge.backends():
                response[backend.header] = backend.header_value(info.keys)
        else:
            # A copy for readers at these positions: shared here, not by other caches.
            response["Cache-Control"] = "private, no-cache"
        varies = info.watched_series or info.by_country
        vary = ["Accept-Encoding", *(["Cookie"] if varies else [])]
        response.headers.pop("Vary", None)
        patch_vary_headers(response, vary)
        last_modified = int(info.last_modified.timestamp()) if info.last_modified else None
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        compressible = is_compressible(response) and len(body) >= MIN_LENGTH
        entries = {}
        for encoding in encodings:
            data = compress(body, encoding) if compressible else body
            coded = data is not body
            etag = f'"{digest}-{encoding}"' if coded else f'"{digest}"'
            extra = [("Content-Encoding", encoding)] if coded else []
            entries[encoding] = {
                "body": data,
                "headers": (*headers, *extra, ("ETag", etag)),
                "etag": etag,
                "last_modified": last_modified,
                # Checked on every hit too: a scheduled article appears at its time even
                # where the cache keeps an entry a little longer.
                "expires": time.time() + timeout,
            }
        return entries
