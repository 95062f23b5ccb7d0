"""The page cache: published pages served to anonymous readers without rendering them again.

A reader view marks its response cacheable (`CachedPageMixin`, `CachedFeedMixin`,
`cached_page`) and names the tags of what the page shows (core/pagecache.py).
`PageCacheMiddleware` sits before sessions, CSRF and auth: a GET or HEAD from a browser
without a session, messages or voter cookie is looked up by scheme, host, path and sorted
query string, and a stored copy whose tags have not changed since it was rendered is sent
as it is. Everyone else, and every page that set a cookie, gets the page rendered for them
with `Cache-Control: private, no-cache`.

A page that folds spoilers by the reader's place in a series (`marquee_watched`, see
productions/positions.py) names the series it reads (`watched_series`). Its copies are kept
per variant: the copy for readers without a position, and one per combination of positions
in exactly those series, so two readers share a copy only when the page would fold the same
for both. A small marker under the page's key remembers which series a page reads, so a
request carrying the cookie finds its variant (or the shared copy of a page that folds
nothing) without rendering. Anonymous copies carry `Cache-Control: public`,
a strong `ETag` and, for an article, `Last-Modified`, and answer 304 to a matching request.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from articles.models import Article
from core.http import VOTER_COOKIE
from core.pagecache import (
    LISTING,
    date_unknown_tags,
    fetch,
    forget,
    generation,
    keep,
    remember,
    rendering,
    tag_dates,
)
from productions.positions import Positions

PAGE_PREFIX = "pagecache:page:"
VARY_PREFIX = "pagecache:vary:"


@dataclass(frozen=True)
class PageInfo:
    """What a view says about its page: the tags it shows, its date, how long a copy may live."""

    tags: tuple
    last_modified: object = None
    timeout: int | None = None
    #: Series whose watched-up-to position the page folds by (its copies vary on them).
    watched_series: tuple = ()


def mark_cacheable(response, *, tags, last_modified=None, timeout=None, watched_series=()):
    """Let the page cache keep `response` for anonymous readers, until one of `tags` changes."""
    response.page_cache = PageInfo(
        tuple(dict.fromkeys(tags)), last_modified, timeout, tuple(sorted(set(watched_series)))
    )
    if watched_series:
        # Browsers and proxies must not give one reader's fold to another.
        patch_vary_headers(response, ["Cookie"])
    return response


class CachedPageMixin:
    """A reader page kept in the page cache; views name what it shows in `get_page_cache_tags`."""

    #: False for a subclass that must never be shared (a staff preview).
    page_cache_enabled = True

    def get_page_cache_tags(self, context):
        return [LISTING]

    def get_last_modified(self, context):
        return None

    def get_page_cache_timeout(self, context):
        return None

    def get_watched_series(self, context):
        """Series whose watched-up-to position changes this page (spoiler folds): none."""
        return ()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.page_cache_enabled:
            return response
        return mark_cacheable(
            response,
            tags=self.get_page_cache_tags(context),
            last_modified=self.get_last_modified(context),
            timeout=self.get_page_cache_timeout(context),
            watched_series=self.get_watched_series(context),
        )


class CachedFeedMixin:
    """A syndication feed kept in the page cache; `page_cache_tags(obj)` names what it shows."""

    def page_cache_tags(self, obj):
        return [LISTING]

    def get_feed(self, obj, request):
        # A Feed instance serves every request, so the tags ride on the request.
        request.page_cache_tags = self.page_cache_tags(obj)
        return super().get_feed(obj, request)

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return mark_cacheable(response, tags=getattr(request, "page_cache_tags", [LISTING]))


def cached_page(*tags):
    """Decorate a function view whose page shows only what `tags` name (the sitemap)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return mark_cacheable(view(request, *args, **kwargs), tags=tags)

        return wrapper

    return decorator


def seconds_until_tomorrow():
    """Pages showing what is on today (where to watch) turn over at local midnight."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


def _soonest_scheduled(now):
    return (
        Article.objects.live()
        .filter(publish_at__gt=now)
        .aggregate(soonest=Min("publish_at"))["soonest"]
    )


def seconds_until_next_scheduled():
    """A scheduled explainer goes public by itself at its time: lists must be fresh by then.

    Asked on every page stored, so the answer is kept until an explainer is published,
    scheduled or taken down (`listing`), or until that time has come."""
    now = timezone.now()

    def read():
        return _soonest_scheduled(now), [LISTING]

    key = "pagecache:next-scheduled"
    soonest = remember(key, read, timeout=settings.PAGE_CACHE_TIMEOUT)
    if soonest is not None and soonest <= now:
        # That one is public now (no job marks it): the next one is asked for and kept.
        forget(key)
        soonest = remember(key, read, timeout=settings.PAGE_CACHE_TIMEOUT)
    return max(1, int((soonest - now).total_seconds())) if soonest else None


def listing_timeout(timeout=None):
    """How long something that lists public explainers may be kept: `timeout` (by default
    PAGE_CACHE_TIMEOUT), cut short at the next scheduled explainer's time, when the lists
    change with no service there to say so."""
    timeout = timeout or settings.PAGE_CACHE_TIMEOUT
    soonest = seconds_until_next_scheduled()
    return min(timeout, soonest) if soonest is not None else timeout


def remember_listing(key, build, *, shared=False):
    """`remember()` for a part of a page that lists public explainers (`build()` names
    LISTING among its tags): kept no later than `listing_timeout()`; read each time where the
    page cache is off."""
    if settings.PAGE_CACHE_TIMEOUT <= 0:
        return build()[0]
    return remember(key, build, timeout=listing_timeout(), shared=shared)


def personal_cookies():
    """Cookies that change what a page shows: whoever sends one gets a page of their own."""
    return {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, VOTER_COOKIE}


def public_cache_control():
    return (
        f"public, max-age={settings.PAGE_CACHE_MAX_AGE}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    )


def _page_key(request):
    """The key of an anonymous copy: scheme, host, path and sorted query.

    The host is the one the request names, not yet checked against ALLOWED_HOSTS: a host
    Django refuses never gets a page rendered (CommonMiddleware answers 400), so nothing is
    ever stored under it, and every lookup with it misses.
    """
    meta = request.META
    host = meta.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None
    host = host or meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")
    query = ""
    if meta.get("QUERY_STRING"):
        query = urlencode(sorted(request.GET.lists()), doseq=True)
    url = f"{request.scheme}://{host}{request.path}?{query}"
    return PAGE_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _vary_key(key):
    return VARY_PREFIX + key.removeprefix(PAGE_PREFIX)


def _variant_key(key, positions, series):
    """The key of the copy for readers at `positions` in `series` (the base key if none)."""
    known = positions.only(series).key()
    return f"{key}:w:{known}" if known else key


def _drop_vary_cookie(response):
    """The cache is keyed without cookies: a page only varies on the watched-up-to cookie,
    which is part of the key (and keeps `Vary: Cookie` for browsers)."""
    kept = [v for v in cc_delim_re.split(response.get("Vary", "")) if v and v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif response.has_header("Vary"):
        del response["Vary"]


#: The request headers that can turn a page into 304 or 412 (RFC 9110, 13.1).
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _conditional(request, response, etag, last_modified):
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    """Serve anonymous readers' published pages from the shared cache; store what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        base = self._key_for(request)
        positions = Positions.from_request(request)
        key = self._lookup_key(base, positions)
        # Read once, before anything renders, and only where a copy may be served or stored.
        current = None
        if base is not None and settings.PAGE_CACHE_TIMEOUT > 0:
            current = generation()
            hit = self._serve_stored(request, key, current) if key is not None else None
            if hit is not None:
                return hit
        started = time.time()
        with rendering(started):
            response = self.get_response(request)
        info = getattr(response, "page_cache", None)
        if info is None or response.status_code != 200:
            return response
        if base is None or response.cookies or response.streaming:
            # Signed in, a reader with cookies, or a page that set one: theirs alone.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _variant_key(base, positions, info.watched_series)
        etag, last_modified = self._make_public(response, info)
        if key != base:
            # A copy for readers at these positions: shared here, not by other caches.
            response["Cache-Control"] = "private, no-cache"
        if request.method == "GET" and settings.PAGE_CACHE_TIMEOUT > 0:
            # Which series the page folds by, for readers with a position to find their copy.
            marker = {_vary_key(base): list(info.watched_series)}
            with rendering(started):
                self._store(key, response, info, started, etag, last_modified, current, marker)
        response["X-Page-Cache"] = "miss"
        return _conditional(request, response, etag, last_modified)

    def _lookup_key(self, base, positions):
        """Where a copy for this reader would be: the page's own key, or, for a reader with
        a watched-up-to position, the variant for their positions in the series the page
        folds by (None when that is not known yet: the page is rendered)."""
        if base is None or not positions:
            return base
        series = cache.get(_vary_key(base))
        if series is None:
            return None
        return _variant_key(base, positions, series)

    def _key_for(self, request):
        """The cache key for an anonymous GET or HEAD, else None (the request is not shared)."""
        if request.method not in ("GET", "HEAD"):
            return None
        if personal_cookies() & request.COOKIES.keys():
            return None
        return _page_key(request)

    def _make_public(self, response, info):
        if not info.watched_series:
            _drop_vary_cookie(response)
        # Compressed on the way out for whoever asks (reader.compression), stored saying so.
        patch_vary_headers(response, ["Accept-Encoding"])
        response["Cache-Control"] = public_cache_control()
        etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        response["ETag"] = etag
        last_modified = int(info.last_modified.timestamp()) if info.last_modified else None
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        return etag, last_modified

    def _store(self, key, response, info, started, etag, last_modified, current, marker):
        timeout = min(info.timeout or settings.PAGE_CACHE_TIMEOUT, settings.PAGE_CACHE_TIMEOUT)
        if LISTING in info.tags:
            timeout = listing_timeout(timeout)
        # A tag never dated (new, or evicted) is dated now: older copies stay unusable.
        dated = tag_dates(info.tags)
        date_unknown_tags([name for name in info.tags if name not in dated], started)
        entry = {
            "started": started,
            # The generation read before rendering: no change since, none to look for.
            "generation": current,
            "tags": info.tags,
            "content": response.content,
            "content_type": response["Content-Type"],
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("content-length", "content-type")
            ],
            "etag": etag,
            "last_modified": last_modified,
            # Checked on every hit as well as given to the cache: a scheduled article must
            # appear at its time even where the cache keeps an entry a little longer.
            "expires": time.time() + timeout,
        }
        keep(key, entry, timeout, beside=marker)

    def _serve_stored(self, request, key, current):
        # Expired, or rendered before one of its tags last changed (or the date is lost): None.
        entry = fetch(key, current)
        if entry is None:
            return None
        response = HttpResponse(entry["content"], content_type=entry.get("content_type"))
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return _conditional(request, response, entry["etag"], entry["last_modified"])
