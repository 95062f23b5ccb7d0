"""Which addresses at the root an article may take: not a site page's, nor a standing page's."""

from django.core.exceptions import ValidationError

from ..hooks import root_slug_holder

#: First path segments the site's own pages use: an article at /<slug>/ must not
#: take one, or it would hide the page (or be hidden by it).
RESERVED_SLUGS = frozenset(
    {"admin", "search", "feed", "tags", "preview", "people", "productions", "quotes"}
    | {"discussion", "media", "static", "sitemap", "robots", "news-sitemap", "ads"}
    | {"healthz", "readyz", "api", "oembed", "accounts", "follow", "corrections"}
    | {"authors", "schedule", "country"}
)


def validate_article_slug(value):
    """Refuse a slug that a site page already answers to, e.g. /search/, or that an app
    above this one holds at the root (a standing page such as /about/: `hooks`)."""
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is the address of one of the site's own pages; choose another slug.",
            code="reserved_slug",
            params={"slug": value},
        )
    holder = root_slug_holder(value)
    if holder:
        raise ValidationError(
            "“%(slug)s” is the address of %(holder)s; choose another slug.",
            code="reserved_slug",
            params={"slug": value, "holder": holder},
        )
