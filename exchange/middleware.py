"""Old addresses keep working: a WordPress permalink answers 301 to the article (or standing
page) it became."""

from django.db.models import Q
from django.http import HttpResponsePermanentRedirect

from articles.models import Article
from pages.models import StandingPage

from .models import QUERY_KEYS, LegacyURL


class LegacyRedirectMiddleware:
    """An address of the site readers knew before Marquee answers 301 to its article.

    Acts only where the page would be a 404 (or on `/?p=123`, `?page_id=` and
    `?attachment_id=`, WordPress's plain permalinks, which would otherwise show the home
    page), so it costs nothing on the pages that exist. Its answer is never stored by the
    page cache: it is not marked cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asks_by_id = any(name in request.GET for name in QUERY_KEYS)
        if request.method in ("GET", "HEAD") and request.path == "/" and asks_by_id:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._redirect(request) or response
        return response

    def _redirect(self, request):
        asked = ((name, request.GET.get(name, "")) for name in QUERY_KEYS)
        query = next((f"{name}={value}" for name, value in asked if value.isdigit()), "")
        legacy = (
            LegacyURL.objects.for_request(request.path, query)
            .filter(
                Q(article__in=Article.objects.published())
                | Q(page__in=StandingPage.objects.published())
                | Q(image__isnull=False)
            )
            .select_related("article", "image", "page")
            .first()
        )
        if legacy is None:
            return None
        if legacy.image is not None:
            return HttpResponsePermanentRedirect(legacy.image.file.url)
        if legacy.page is not None:
            return HttpResponsePermanentRedirect(legacy.page.get_absolute_url())
        return HttpResponsePermanentRedirect(legacy.article.get_absolute_url())
