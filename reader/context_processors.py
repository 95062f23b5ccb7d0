from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pages.selectors import footer_links


def site(request):
    """The site's name and base URL, for the page furniture and meta tags, and the footer's
    standing pages (read only by a page that renders the footer, and kept: `pages.selectors`)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "footer_pages": SimpleLazyObject(footer_links),
    }
