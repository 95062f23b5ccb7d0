"""Old addresses keep working: a WordPress permalink answers 301 to the article it became."""

from django.http import HttpResponsePermanentRedirect

from articles.models import Article

from .models import LegacyURL


class LegacyRedirectMiddleware:
    """An address of the site readers knew before Marquee answers 301 to its article.

    Acts only where the page would be a 404 (or on `/?p=123`, WordPress's plain permalink,
    which would otherwise show the home page), so it costs nothing on the pages that exist.
    Its answer is never stored by the page cache: it is not marked cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path == "/" and "p" in request.GET:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._redirect(request) or response
        return response

    def _redirect(self, request):
        query_p = request.GET.get("p", "")
        query_p = query_p if query_p.isdigit() else ""
        legacy = (
            LegacyURL.objects.for_request(request.path, query_p)
            .filter(article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        if legacy is None:
            return None
        return HttpResponsePermanentRedirect(legacy.article.get_absolute_url())
