"""Request plumbing every app may use: the reader's IP, absolute links, and the cookie names.

The client IP (rate limits, bans, vote flags, the admin's login lockout) and absolute links
(mail, meta tags, share links) read nothing but the request and the settings. The cookie
names are those that make a page personal, so the page cache steps aside for whoever sends
one: Django's session cookie, the messages cookie, and the guest voter cookie (set by the
discussion, named here so that the cache need not import the discussion).
"""

import ipaddress

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

#: A guest's signed voter id, set on a first vote or rating (discussion.http.set_voter_cookie).
VOTER_COOKIE = "marquee_voter"
#: Django's messages framework keeps a flash message in this cookie until it is shown.
MESSAGES_COOKIE = CookieStorage.cookie_name


def personal_cookies():
    """Cookies that change what a page shows: whoever sends one gets a page of their own."""
    return {settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE, VOTER_COOKIE}


def absolute_url(path):
    """`path` on the public site (MEDIA_URL may already be absolute, behind a CDN)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def client_ip(request):
    """The reader's IP address, for rate limits, bans, flags and login lockouts (None if unknown).

    With `TRUSTED_PROXY_HOPS` = 0 it is REMOTE_ADDR, and X-Forwarded-For is ignored: anyone
    can send that header. Behind N proxies that each append the address they saw, the Nth
    address from the right of X-Forwarded-For was written by our outermost proxy, so it is the
    reader's; anything further left came from the client and is ignored. Anything that is not
    an IP address falls back to REMOTE_ADDR.
    """
    candidates = []
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops > 0 and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        # Fewer addresses than hops: the request skipped an outer proxy, so the leftmost
        # address is still one a trusted proxy wrote.
        candidates.append(addresses[-hops] if len(addresses) >= hops else addresses[0])
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def ratelimit_ip(request):
    """`client_ip` for django-ratelimit (RATELIMIT_IP_META_KEY), which needs a string."""
    return client_ip(request) or "0.0.0.0"
