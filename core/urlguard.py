"""Garbage in the URL is a 400, answered before anything else reads the address.

A path or query string carrying control characters (NUL among them: PostgreSQL refuses it in a
text column, so a 404's old-address lookup or an API filter raised a 500), bytes that are not
UTF-8, or more characters than any address of the site needs never reaches a view, a cache
key, a redirect lookup or an API filter: the first middleware answers 400 with the styled page
(templates/400.html), or a JSON error for a client that asks for JSON.
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import JsonResponse
from django.views.defaults import bad_request

from csp.utils import build_policy

#: Longer than any address the site makes (slugs are at most 255 characters); a browser's own
#: limit is about 2,000 and gunicorn refuses a request line past 4,094 bytes.
MAX_PATH_LENGTH = 2048
MAX_QUERY_LENGTH = 4096

# Unicode's control characters (C0, DEL, C1). A query string may still carry tab and line
# breaks, which a GET form's textarea sends; they are whitespace to every view.
_PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_QUERY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# Django hands the path over decoded, with the bytes that were not UTF-8 percent-encoded again
# (`repercent_broken_unicode`): such a run of escapes that still is not UTF-8 was broken.
_ESCAPED_HIGH_BYTES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _raw_bytes(value):
    """The bytes the client sent: WSGI hands them over as a latin-1 string."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def malformed(request):
    """Why the request's address cannot be read (a sentence for the client), or None."""
    path = request.path_info
    query = request.META.get("QUERY_STRING", "")
    if len(path) > MAX_PATH_LENGTH or len(query) > MAX_QUERY_LENGTH:
        return "This address is too long."
    try:
        for escaped in _ESCAPED_HIGH_BYTES.findall(path):
            unquote_to_bytes(escaped).decode("utf-8")
        query_text = unquote_to_bytes(_raw_bytes(query).replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return "This address is not valid UTF-8."
    if _PATH_CONTROLS.search(path) or _QUERY_CONTROLS.search(query_text):
        return "This address contains control characters."
    return None


class MalformedUrlMiddleware:
    """Answers 400 to an address with control characters, broken UTF-8 or an absurd length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = malformed(request)
        if reason is None:
            return self.get_response(request)
        if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
            response = JsonResponse({"detail": reason}, status=400)
        else:
            response = bad_request(request, ValueError(reason))
        response["Cache-Control"] = "no-store"
        # Later middleware never sees this answer: it carries the site's policy itself.
        response["Content-Security-Policy"] = build_policy()
        return response
