"""The page cache: published pages served to anonymous readers without rendering them again.

A reader view marks its response cacheable (`CachedPageMixin`, `CachedFeedMixin`,
`cached_page`) and names the tags of what the page shows (core/pagecache.py).
`PageCacheMiddleware` sits before sessions, CSRF and auth: a GET or HEAD from a browser
without a session, messages or voter cookie is looked up by scheme, host, path and sorted
query string, and a stored copy whose tags have not changed since it was rendered is sent
as it is. Everyone else, and every page that set a cookie, gets the page rendered for them
with `Cache-Control: private, no-cache`. Anonymous copies carry `Cache-Control: public`,
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
from django.core.exceptions import DisallowedHost
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles.models import Article
from core.pagecache import LISTING, date_unknown_tags, is_fresh, remember, rendering, tag_dates
from discussion.http import VOTER_COOKIE

PAGE_PREFIX = "pagecache:page:"


@dataclass(frozen=True)
class PageInfo:
    """What a view says about its page: the tags it shows, its date, how long a copy may live."""

    tags: tuple
    last_modified: object = None
    timeout: int | None = None


def mark_cacheable(response, *, tags, last_modified=None, timeout=None):
    """Let the page cache keep `response` for anonymous readers, until one of `tags` changes."""
    response.page_cache = PageInfo(tuple(dict.fromkeys(tags)), last_modified, timeout)
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

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.page_cache_enabled:
            return response
        return mark_cacheable(
            response,
            tags=self.get_page_cache_tags(context),
            last_modified=self.get_last_modified(context),
            timeout=self.get_page_cache_timeout(context),
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
        cache.delete(key)
        soonest = remember(key, read, timeout=settings.PAGE_CACHE_TIMEOUT)
    return max(1, int((soonest - now).total_seconds())) if soonest else None


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
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return PAGE_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _drop_vary_cookie(response):
    """The cache is keyed without cookies, as it only ever holds pages for cookieless readers."""
    kept = [v for v in cc_delim_re.split(response.get("Vary", "")) if v and v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif response.has_header("Vary"):
        del response["Vary"]


def _conditional(request, response, etag, last_modified):
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    """Serve anonymous readers' published pages from the shared cache; store what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key_for(request)
        if key is not None and settings.PAGE_CACHE_TIMEOUT > 0:
            hit = self._serve_stored(request, key)
            if hit is not None:
                return hit
        started = time.time()
        with rendering(started):
            response = self.get_response(request)
        info = getattr(response, "page_cache", None)
        if info is None or response.status_code != 200:
            return response
        if key is None or response.cookies or response.streaming:
            # Signed in, a reader with cookies, or a page that set one: theirs alone.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        etag, last_modified = self._make_public(response, info)
        if request.method == "GET" and settings.PAGE_CACHE_TIMEOUT > 0:
            with rendering(started):
                self._store(key, response, info, started, etag, last_modified)
        response["X-Page-Cache"] = "miss"
        return _conditional(request, response, etag, last_modified)

    def _key_for(self, request):
        """The cache key for an anonymous GET or HEAD, else None (the request is not shared)."""
        if request.method not in ("GET", "HEAD"):
            return None
        if personal_cookies() & request.COOKIES.keys():
            return None
        try:
            return _page_key(request)
        except DisallowedHost:
            return None  # CommonMiddleware answers it as usual.

    def _make_public(self, response, info):
        _drop_vary_cookie(response)
        response["Cache-Control"] = public_cache_control()
        etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        response["ETag"] = etag
        last_modified = int(info.last_modified.timestamp()) if info.last_modified else None
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        return etag, last_modified

    def _store(self, key, response, info, started, etag, last_modified):
        timeout = min(info.timeout or settings.PAGE_CACHE_TIMEOUT, settings.PAGE_CACHE_TIMEOUT)
        if LISTING in info.tags:
            next_scheduled = seconds_until_next_scheduled()
            if next_scheduled is not None:
                timeout = min(timeout, next_scheduled)
        # A tag never dated (new, or evicted) is dated now: older copies stay unusable.
        dated = tag_dates(info.tags)
        date_unknown_tags([name for name in info.tags if name not in dated], started)
        entry = {
            "started": started,
            "tags": info.tags,
            "content": response.content,
            "headers": [(k, v) for k, v in response.items() if k.lower() != "content-length"],
            "etag": etag,
            "last_modified": last_modified,
            # Checked on every hit as well as given to the cache: a scheduled article must
            # appear at its time even where the cache keeps an entry a little longer.
            "expires": time.time() + timeout,
        }
        cache.set(key, entry, timeout)

    def _serve_stored(self, request, key):
        entry = cache.get(key)
        if entry is None or entry.get("expires", 0) <= time.time():
            return None
        # Rendered before one of its tags last changed (or the date is lost): not usable.
        if not is_fresh(entry["tags"], entry["started"]):
            return None
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return _conditional(request, response, entry["etag"], entry["last_modified"])
