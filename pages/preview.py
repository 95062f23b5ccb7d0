"""Staff preview links to a standing page, signed and expiring like an article's."""

from django.urls import reverse

from articles.preview import id_from_token, signed_token

KIND = "page"


def page_preview_url(page):
    """The secret address that shows `page` with the public template, whatever its status."""
    return reverse("articles:page_preview", kwargs={"token": signed_token(KIND, page.pk)})


def page_id_from_token(token):
    """The page id a token was made for, or None (tampered, expired, or an article's)."""
    return id_from_token(token, KIND)
