"""One rule for every form post on the site: a post from another site lands on nothing.

Public pages are cached and carry no CSRF token, so the endpoints behind their forms (comment,
vote, rating, subscribe, follow, the spoiler position) accept a post without one and answer
with a page that carries a token and what was typed, one click from being sent (the form
stamp rules in SECURITY.md). Posted from another site, that page would let a stranger's words
go out under the reader's name with a single click. So before any view runs, a request with
an unsafe method that the browser says comes from another site is refused with a 403 that
shows nothing of what was posted:

- `Sec-Fetch-Site: cross-site`;
- `Sec-Fetch-Site: same-site` (a sibling subdomain) without an `Origin` of this site;
- an `Origin` header that is not one of this site's origins: the request's own scheme and host
  (the scheme as `SECURE_PROXY_SSL_HEADER` reports it behind a TLS proxy), a host of
  `ALLOWED_HOSTS` over the same scheme, or an entry of `CSRF_TRUSTED_ORIGINS`. `null` is
  never this site.

A request with neither header (curl, an old browser, a mail client's server) keeps the view's
own rules: Django's CSRF token, or the form stamp. Views whose address alone proves intent
(a signed one-click unsubscribe link, RFC 8058) take posts from anywhere: `cross_site_allowed`.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import is_same_domain

logger = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSAL = (
    "This form was sent from another website, so nothing was done. If you meant to take part "
    "here, open the page on this site and use its form."
)


def cross_site_allowed(view):
    """Let posts to `view` come from any site: its address alone is the proof (a signed link)."""
    view.cross_site_allowed = True
    return view


def is_site_origin(request, origin):
    """Whether `origin` ("https://host[:port]") is one of this site's own."""
    try:
        parts = urlsplit(origin)
        parts.hostname  # noqa: B018 (a malformed IPv6 host raises only when read)
    except ValueError:  # an Origin no browser sends ("http://[x"): not ours
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        trusted_parts = urlsplit(trusted)
        if trusted_parts.scheme != parts.scheme:
            continue
        if trusted_parts.netloc == parts.netloc:
            return True
        if trusted_parts.netloc.startswith("*") and is_same_domain(
            parts.netloc, trusted_parts.netloc[1:]
        ):
            return True
    if parts.scheme != request.scheme:
        return False
    return any(
        pattern != "*" and is_same_domain(parts.hostname, pattern)
        for pattern in settings.ALLOWED_HOSTS
    )


def is_cross_site(request):
    """Whether the browser says this request was sent by a page of another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    origin = request.headers.get("Origin")
    if fetch_site == "cross-site":
        return True
    if origin is not None:
        return not is_site_origin(request, origin)
    return fetch_site == "same-site"


def refusal(request):
    """The 403 a cross-site post gets: a message, no form, nothing of what was posted."""
    if "application/json" in request.headers.get("Accept", "") or (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
    ):
        response = JsonResponse({"ok": False, "error": REFUSAL}, status=403)
    else:
        html = render_to_string(
            "403.html",
            {"title": "Sent from another website", "message": REFUSAL, "noindex": True},
            request=request,
        )
        response = HttpResponseForbidden(html)
    response["Cache-Control"] = "no-store"
    return response


class CrossSiteRequestMiddleware:
    """Refuses, with `refusal`, an unsafe request another site's page sent (`is_cross_site`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in UNSAFE_METHODS or getattr(view_func, "cross_site_allowed", False):
            return None
        if not is_cross_site(request):
            return None
        logger.warning(
            "Refused a cross-site %s to %s (Origin %r, Sec-Fetch-Site %r)",
            request.method,
            request.path,
            request.headers.get("Origin"),
            request.headers.get("Sec-Fetch-Site"),
        )
        return refusal(request)
