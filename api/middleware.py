"""The API's edge: CORS for reading, HEAD, and the per-IP rate limit, cached answers included.

It sits before the page cache (config/settings.py), so a copy served from the cache still
carries `Access-Control-Allow-Origin` and still counts against the client's limit. Only the
read API (/api/v1/) and oEmbed (/oembed/) are concerned; every other path passes untouched.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from django_ratelimit.core import get_usage

#: What another origin may do here: read.
READ_METHODS = ("GET", "HEAD", "OPTIONS")
DEFAULT_RATE = "120/m"


def rate():
    """Requests one IP may make to the API and oEmbed together (API_RATE_LIMIT, e.g. "120/m")."""
    return getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE) or DEFAULT_RATE


def is_limited(request):
    """True when this client IP (core.http.client_ip) went over the API's rate.

    Counted in the shared cache like the apps' limits. When the cache cannot answer,
    reading is let through: unlike a comment, a read leaves no row the database could count
    instead (core/limits.py), and refusing every client would be an outage.
    """
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    usage = get_usage(request, group="api.read", key="ip", rate=rate(), increment=True)
    if usage is None or (usage["limit"] == 0 and usage["time_left"] == -1):
        return False
    return usage["should_limit"]


def _allow_reading(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def _preflight(request):
    """A browser asking whether another origin may read: yes for GET and HEAD, nothing else."""
    response = HttpResponse(status=204)
    asked = request.headers.get("Access-Control-Request-Method", "GET").upper()
    if asked in READ_METHODS:
        _allow_reading(response)
        response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
        response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = "86400"
    response["Allow"] = ", ".join(READ_METHODS)
    return response


class ApiEdgeMiddleware:
    """CORS (read-only, any origin), HEAD answered as GET, and 429 past the per-IP rate."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = None

    def _concerns(self, request):
        if self.prefixes is None:
            self.prefixes = (reverse("api:v1:api-root"), reverse("api:oembed"))
        return request.path_info.startswith(self.prefixes)

    def __call__(self, request):
        if not self._concerns(request):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return _preflight(request)
        if is_limited(request):
            response = JsonResponse(
                {"detail": "Too many requests from this address: wait a minute and retry."},
                status=429,
            )
            response["Retry-After"] = "60"
            response["Cache-Control"] = "no-store"
            return _allow_reading(response)
        is_head = request.method == "HEAD"
        if is_head:
            # The endpoints answer GET; a HEAD gets the same headers and no body.
            request.method = "GET"
        response = self.get_response(request)
        if is_head:
            request.method = "HEAD"
            length = len(response.content) if not response.streaming else None
            response.content = b""
            if length is not None:
                response["Content-Length"] = str(length)
        if request.method in READ_METHODS:
            _allow_reading(response)
        return response
