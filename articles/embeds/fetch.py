"""The one place an embed touches the network: a short, capped https GET to a known host.

Only two kinds of address are ever asked for: a registered provider's oEmbed endpoint (built
here from the registry, with the editor's address as a query parameter, never the editor's
address itself) and a thumbnail on that provider's known hosts. Redirects are not followed
(an endpoint answers directly; a redirect could lead anywhere), every answer is cut at a
size cap, and the whole read must end within a deadline.
"""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from .providers import host_allowed

#: Seconds one connection or read may wait, and the whole fetch may take.
TIMEOUT = 4
DEADLINE = 8
#: The most an oEmbed description may weigh (bytes); a thumbnail may weigh MAX_UPLOAD_MB.
MAX_DESCRIPTION_BYTES = 256 * 1024
_CHUNK = 64 * 1024


class FetchError(Exception):
    """Why a provider's answer could not be used, in words an editor reads."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def open_url(url, *, timeout):
    """The network itself (tests put a fake transport here): a response with `status`,
    `headers` and `read(n)`, or urllib's HTTPError / URLError / TimeoutError."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"{settings.SITE_NAME} embeds (+{settings.SITE_URL})",
            "Accept": "application/json, image/*;q=0.9",
        },
    )
    return _opener.open(request, timeout=timeout)


def get(url, *, hosts, max_bytes, who):
    """The body at `url` (https, on `hosts`), at most `max_bytes`; FetchError otherwise.
    `who` names the provider in the error ("YouTube did not answer")."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not host_allowed(parts.hostname, hosts):
        where = parts.hostname or url
        raise FetchError(f"{who} pointed at {where!r}, which is not one of its hosts")
    started = time.monotonic()
    try:
        with open_url(url, timeout=TIMEOUT) as response:
            status = getattr(response, "status", 200)
            if status != 200:
                raise FetchError(f"{who} answered with status {status}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{who} sent more than {max_bytes // 1024} KB")
            body = bytearray()
            while len(body) <= max_bytes:
                if time.monotonic() - started > DEADLINE:
                    raise FetchError(f"{who} did not answer in time")
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                body.extend(chunk)
    except urllib.error.HTTPError as error:
        raise FetchError(_refusal(who, error.code)) from None
    except TimeoutError:
        raise FetchError(f"{who} did not answer in time") from None
    except (urllib.error.URLError, OSError, ValueError):
        raise FetchError(f"{who} did not answer") from None
    if len(body) > max_bytes:
        raise FetchError(f"{who} sent more than {max_bytes // 1024} KB")
    return bytes(body)


def _refusal(who, code):
    if code == 404:
        return f"{who} does not know this address (404: deleted, or a typo?)"
    if code in (401, 403):
        return f"{who} refused to describe it ({code}: private, or embedding is turned off)"
    if 300 <= code < 400:
        return f"{who} answered with a redirect ({code}), which is not followed"
    return f"{who} answered with an error ({code})"


def describe(provider, url, *, token=""):
    """The provider's oEmbed description of `url`, a dict; FetchError otherwise."""
    query = {"url": url, "format": "json", "maxwidth": 1280, **provider.parameters}
    if token:
        query["access_token"] = token
    endpoint = f"{provider.endpoint}?{urlencode(query)}"
    endpoint_host = urlsplit(provider.endpoint).hostname
    body = get(endpoint, hosts=(endpoint_host,), max_bytes=MAX_DESCRIPTION_BYTES, who=provider.name)
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("type"), str):
        raise FetchError(
            f"{provider.name} answered with something that is not an oEmbed description"
        )
    return answer


def thumbnail(provider, url):
    """The thumbnail's bytes, from one of the provider's known hosts; FetchError otherwise."""
    return get(
        url,
        hosts=provider.thumbnail_hosts,
        max_bytes=settings.MAX_UPLOAD_MB * 1024 * 1024,
        who=provider.name,
    )
