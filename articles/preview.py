"""Signed, expiring preview links: staff share a draft without making it public."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "marquee.articles.preview"
DEFAULT_MAX_AGE = datetime.timedelta(days=7)


def max_age():
    """How long a preview link works (setting MARQUEE_PREVIEW_MAX_AGE, seconds or timedelta)."""
    value = getattr(settings, "MARQUEE_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE)
    return value if isinstance(value, datetime.timedelta) else datetime.timedelta(seconds=value)


def signed_token(kind, pk):
    """A signed, expiring token naming row `pk` of `kind` ("article", "page"): the one
    mechanism every staff preview link uses."""
    return signing.dumps({kind: pk}, salt=SALT, compress=True)


def id_from_token(token, kind):
    """The id of the `kind` row a token was made for, or None when it is tampered with,
    expired or made for another kind."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    found = payload.get(kind) if isinstance(payload, dict) else None
    return found if isinstance(found, int) else None


def preview_token(article):
    return signed_token("article", article.pk)


def preview_url(article):
    """The secret address that shows `article` with the public template, whatever its status."""
    return reverse("articles:preview", kwargs={"token": preview_token(article)})


def article_id_from_token(token):
    """The article id a token was made for, or None when it is tampered with or expired."""
    return id_from_token(token, "article")
