"""Which stored copy of a page a request reads: the name of its address, of the page for
the query parameters it reads, of the copy for a reader's watched-up-to positions and chosen
country, and the encoding the browser takes. `cache.PageCacheMiddleware` stores and serves
under these names.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings

from core.countries import chosen_country, default_country
from core.http import personal_cookies
from core.parameters import values_of

from .compression import accepts_brotli


def path_name(request):
    """The stored name of an anonymous GET or HEAD's address (scheme, host, path), or None.

    The host is the one the request names: a host Django refuses never gets a page rendered
    (CommonMiddleware answers 400), so nothing is ever stored under it."""
    if request.method not in ("GET", "HEAD") or personal_cookies() & request.COOKIES.keys():
        return None
    meta = request.META
    host = meta.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None
    host = host or meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")
    return hashlib.sha256(f"{request.scheme}://{host}{request.path}".encode()).hexdigest()


def page_name(path, query, names):
    """The stored name of the page at `path` for the values `query` gives the parameters
    `names` (pages there read those; `EVERY`: the whole query string)."""
    values = urlencode(values_of(query, names), doseq=True)
    return hashlib.sha256(f"{path}?{values}#{names}".encode()).hexdigest()


def variant_country(request):
    """The reader's chosen country when it is not the default (whose readers share the page's
    own copy with those who chose nothing), else ""."""
    country = chosen_country(request)
    return country if country and country != default_country() else ""


def variant_name(name, positions, series, country=""):
    """The copy for readers at `positions` in `series` in `country` (a page that varies by
    country only; "" for the default); the page's own name if neither applies."""
    known = positions.only(series).key()
    name = f"{name}:c:{country}" if country else name
    return f"{name}:w:{known}" if known else name


def negotiate(request):
    """The stored body a browser takes: brotli, gzip, else as rendered."""
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if accepts_brotli.search(accepted):
        return "br"
    return "gzip" if "gzip" in accepted else "identity"
