"""Edge cache settings (core/edge.py, docs/edge-cache.md), part of config/settings.py.

settings.py imports everything here right after the page-cache settings; it is its own file
only because settings.py is at the 400-line limit. Every variable is in .env.example and
the README (tests/test_edge_purge.py checks it).
"""

import os

# The cache in front of the app servers that pages name their surrogate keys to, and that
# changes purge by key after their commit: "" (none), varnish, fastly or cloudflare. A value
# the chosen one needs and lacks stops every process at start (core.apps, ImproperlyConfigured).
EDGE_CACHE = os.environ.get("EDGE_CACHE", "").strip().lower()
# Every Varnish to purge (deploy/varnish/marquee.vcl), comma-separated.
EDGE_VARNISH_URLS = [
    url.strip() for url in os.environ.get("EDGE_VARNISH_URLS", "").split(",") if url.strip()
]
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "").strip()
# An API token with the purge_select and purge_all scopes.
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "").strip()
FASTLY_API_URL = os.environ.get("FASTLY_API_URL", "").strip() or "https://api.fastly.com"
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "").strip()
# An API token with the zone's Cache Purge permission.
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "").strip()
CLOUDFLARE_API_URL = (
    os.environ.get("CLOUDFLARE_API_URL", "").strip() or "https://api.cloudflare.com/client/v4"
)
# Seconds one purge request may take before it counts as failed (and is retried later).
EDGE_PURGE_TIMEOUT = float(os.environ.get("EDGE_PURGE_TIMEOUT", "").strip() or 5)
