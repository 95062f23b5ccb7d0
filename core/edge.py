"""The edge: the cache in front of the app servers (Varnish, Fastly or Cloudflare).

A cacheable page names the objects it shows as surrogate keys (`article:12`, `list:articles`)
in the one header its edge reads (`backend.header`, `backend.header_value(keys)`); a change
purges the keys it touched (`backend.purge(keys)`) after its commit, and a new release
purges everything (`backend.purge_all()`). `backends()` gives the configured backends
(settings `EDGE_CACHE` and the rest of its block); a purge that does not reach the edge
raises `PurgeFailed`, and the caller retries later. docs/edge-cache.md shows the whole path.

Purges are hard: a purged page is gone, never served stale, so an unpublished article
disappears at once even while the app is down.
"""

import functools
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


class PurgeFailed(Exception):
    """A purge did not reach the edge (an error answer, a refused or timed-out connection)."""


def _unique(keys):
    return list(dict.fromkeys(str(key) for key in keys if key))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib turns a POST answered 301/302/303 into a GET of the new address: a purge API
    # that moved must fail loudly, not "succeed" with a GET.
    def redirect_request(self, *args, **kwargs):
        return None


class EdgeBackend:
    """One kind of edge cache. A subclass declares its header, how keys are written in it,
    how many go in one purge request, and the settings it is built from (`from_settings`)."""

    name = "edge"
    header = ""
    separator = " "
    # At most this many keys per purge request, and at most this many characters of them.
    max_keys = None
    max_chars = None
    # Whether HTTP_PROXY and friends apply (an API on the internet) or not (a cache next door).
    use_proxies = True
    timeout = 5.0

    def header_value(self, keys):
        """The response header's value naming `keys` (duplicates and blanks dropped)."""
        return self.separator.join(_unique(keys))

    def purge(self, keys):
        """Drop every cached page carrying any of `keys`; PurgeFailed if the edge did not."""
        for batch in self.batches(keys):
            self.purge_batch(batch)

    def purge_all(self):
        """Drop every cached page (a new release); PurgeFailed if the edge did not take it."""
        raise NotImplementedError

    def purge_batch(self, keys):
        raise NotImplementedError

    def batches(self, keys):
        """`keys` (unique, in order) cut into the groups one purge request may carry."""
        batch, chars = [], 0
        for key in _unique(keys):
            extra = len(key) + (len(self.separator) if batch else 0)
            full = self.max_keys is not None and len(batch) >= self.max_keys
            too_long = self.max_chars is not None and batch and chars + extra > self.max_chars
            if full or too_long:
                yield batch
                batch, chars, extra = [], 0, len(key)
            batch.append(key)
            chars += extra
        if batch:
            yield batch

    def send(self, method, url, *, headers=None, payload=None):
        """Send one request; the answer's body (bytes), or PurgeFailed naming this backend."""
        data = None
        headers = dict(headers or {})
        if payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        handlers = [_NoRedirects()]
        if not self.use_proxies:
            handlers.append(urllib.request.ProxyHandler({}))
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(300).decode("utf-8", "replace").strip()
            raise PurgeFailed(
                f"{self.name}: {method} {url} answered {error.code} {error.reason}"
                + (f": {detail}" if detail else "")
            ) from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise PurgeFailed(f"{self.name}: {method} {url} failed: {reason}") from error

    def __repr__(self):
        return f"<{type(self).__name__}>"


class VarnishPurger(EdgeBackend):
    """Varnish with vmod xkey (deploy/varnish/marquee.vcl): pages name their keys in `xkey`;
    `PURGE` with `xkey-purge: k1 k2` drops the pages carrying any of them, `BAN` drops all.
    Every Varnish in `urls` gets every purge; one that fails does not stop the others."""

    name = "varnish"
    header = "xkey"
    separator = " "
    # Well inside Varnish's 8 KB limit on one request header (http_req_hdr_len).
    max_chars = 4000
    use_proxies = False

    def __init__(self, urls, timeout=5.0):
        self.urls = [url.rstrip("/") for url in urls]
        self.timeout = timeout

    @classmethod
    def from_settings(cls):
        return cls(settings.EDGE_VARNISH_URLS, timeout=settings.EDGE_PURGE_TIMEOUT)

    def _each(self, method, headers):
        failures = []
        for url in self.urls:
            try:
                self.send(method, url + "/", headers=headers)
            except PurgeFailed as failure:
                failures.append(str(failure))
        if failures:
            raise PurgeFailed("; ".join(failures))

    def purge_batch(self, keys):
        self._each("PURGE", {"xkey-purge": self.separator.join(keys)})

    def purge_all(self):
        self._each("BAN", {})

    def __repr__(self):
        return f"<VarnishPurger {' '.join(self.urls)}>"


class FastlyPurger(EdgeBackend):
    """Fastly: pages name their keys in `Surrogate-Key` (space-separated, removed before the
    reader sees them); a batch purge takes up to 256 keys (`POST /service/<id>/purge`)."""

    name = "fastly"
    header = "Surrogate-Key"
    separator = " "
    max_keys = 256

    def __init__(self, service_id, token, api_url="https://api.fastly.com", timeout=5.0):
        self.service_id, self.token, self.timeout = service_id, token, timeout
        self.api_url = api_url.rstrip("/")

    @classmethod
    def from_settings(cls):
        return cls(
            settings.FASTLY_SERVICE_ID,
            settings.FASTLY_API_TOKEN,
            api_url=settings.FASTLY_API_URL,
            timeout=settings.EDGE_PURGE_TIMEOUT,
        )

    def _post(self, path, payload=None):
        self.send(
            "POST",
            f"{self.api_url}/service/{self.service_id}/{path}",
            headers={"Fastly-Key": self.token, "Accept": "application/json"},
            payload=payload,
        )

    def purge_batch(self, keys):
        self._post("purge", {"surrogate_keys": keys})

    def purge_all(self):
        self._post("purge_all")


class CloudflarePurger(EdgeBackend):
    """Cloudflare: pages name their keys in `Cache-Tag` (comma-separated, removed before the
    reader sees them); `POST /zones/<id>/purge_cache` with `{"tags": [...]}`."""

    name = "cloudflare"
    header = "Cache-Tag"
    separator = ","
    # Cloudflare's purge limits (developers.cloudflare.com/cache/how-to/purge-cache/): up
    # to 100 tags per request on every plan (30 before tag purges left Enterprise).
    max_keys = 100

    def __init__(self, zone_id, token, api_url="https://api.cloudflare.com/client/v4", timeout=5.0):
        self.zone_id, self.token, self.timeout = zone_id, token, timeout
        self.api_url = api_url.rstrip("/")

    @classmethod
    def from_settings(cls):
        return cls(
            settings.CLOUDFLARE_ZONE_ID,
            settings.CLOUDFLARE_API_TOKEN,
            api_url=settings.CLOUDFLARE_API_URL,
            timeout=settings.EDGE_PURGE_TIMEOUT,
        )

    def _post(self, payload):
        url = f"{self.api_url}/zones/{self.zone_id}/purge_cache"
        answer = self.send(
            "POST", url, headers={"Authorization": f"Bearer {self.token}"}, payload=payload
        )
        # The API's verdict is in the body too ({"success": false, "errors": [...]}).
        try:
            verdict = json.loads(answer)
        except ValueError:
            return
        if isinstance(verdict, dict) and verdict.get("success") is False:
            raise PurgeFailed(f"{self.name}: POST {url} refused: {verdict.get('errors')}")

    def purge_batch(self, keys):
        self._post({"tags": keys})

    def purge_all(self):
        self._post({"purge_everything": True})


# EDGE_CACHE names one of these; each needs the settings listed (none may be empty).
BACKENDS = {
    "varnish": (VarnishPurger, ["EDGE_VARNISH_URLS"]),
    "fastly": (FastlyPurger, ["FASTLY_SERVICE_ID", "FASTLY_API_TOKEN"]),
    "cloudflare": (CloudflarePurger, ["CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN"]),
}


@functools.cache
def backends():
    """The edge backends the settings configure (none without EDGE_CACHE), built once per
    settings; ImproperlyConfigured names what is missing."""
    kind = (getattr(settings, "EDGE_CACHE", "") or "").strip().lower()
    if not kind:
        return ()
    if kind not in BACKENDS:
        raise ImproperlyConfigured(
            f"EDGE_CACHE={kind!r}: use one of {', '.join(sorted(BACKENDS))}, or leave it empty."
        )
    backend_class, required = BACKENDS[kind]
    missing = [name for name in required if not getattr(settings, name, None)]
    if missing:
        raise ImproperlyConfigured(f"EDGE_CACHE={kind} needs {' and '.join(missing)}.")
    return (backend_class.from_settings(),)


@receiver(setting_changed)
def _forget_backends(*, setting, **kwargs):
    if setting.startswith(("EDGE_", "FASTLY_", "CLOUDFLARE_")):
        backends.cache_clear()
