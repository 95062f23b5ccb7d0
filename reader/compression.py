"""Compressed responses: brotli for browsers that take it, gzip for the rest, text only.

For pages rendered per request (signed-in readers, the admin, what the page cache does not
keep). Pages the page cache keeps are stored already compressed (core/pagecache.py) and
pass through here untouched, since they say their `Content-Encoding`.
"""

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

import brotli

#: HTML, feeds, JSON, XML, scripts: what compresses well. Images and fonts already are.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)
MIN_LENGTH = 200
accepts_brotli = _lazy_re_compile(r"\bbr\b")


def is_compressible(response):
    """Text that no one has encoded yet."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type.startswith(COMPRESSIBLE_TYPES) and not response.has_header(
        "Content-Encoding"
    )


class CompressionMiddleware(DjangoGZipMiddleware):
    """Brotli for browsers that accept it (HTML, feeds and JSON a fifth smaller than gzip),
    else Django's gzip with its padding against BREACH; text only. One middleware, so a
    response is looked at once on its way out."""

    #: Quality 11 costs about ten times the CPU of 5 for a few per cent more.
    quality = 5

    def process_response(self, request, response):
        if not is_compressible(response):
            return response
        if not response.streaming and len(response.content) < MIN_LENGTH:
            return response
        # Pages from the page cache already say so (reader.cache): no need to parse it again.
        if "accept-encoding" not in response.get("Vary", "").lower():
            patch_vary_headers(response, ("Accept-Encoding",))
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if not accepted:
            return response
        if (
            not response.streaming
            and accepts_brotli.search(accepted)
            # A page holding a CSRF token is left to gzip, whose random padding guards it.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            return self.brotli(response)
        return super().process_response(request, response)

    def brotli(self, response):
        compressed = brotli.compress(response.content, mode=brotli.MODE_TEXT, quality=self.quality)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # The bytes differ from the uncompressed copy's: the same tag, made weak, as gzip does.
            response["ETag"] = "W/" + etag
        response["Content-Encoding"] = "br"
        return response
