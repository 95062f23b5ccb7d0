"""Site-wide response rules: the Content-Security-Policy header and the "database down" page."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse

from csp.middleware import CSPMiddleware

from articles.models import Article
from articles.richtext import editor_admin_csp_sources
from exchange.models import LegacyURL

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Every page gets the strict policy of settings; admin pages also let the editor run.

    CKEditor 4 cannot run under `script-src 'self'` (inline `onclick` handlers, an inline
    script in its editing frame) and the prose editor needs its inline import map; both add
    inline styles. So under /admin/ only, where staff work, the configured editor's extra
    sources are added (`articles.richtext.editor_admin_csp_sources` says which and why).
    Readers' pages never get them.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not request.path_info.startswith(reverse("admin:index")):
            return parts
        extra = editor_admin_csp_sources()
        if extra:
            parts.update = {**(parts.update or {}), **extra}
        return parts


def database_unavailable(request):
    """The styled "we are down for a moment" page, 503 with Retry-After, rendered without a DB."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A reader whose page needs an unreachable database sees a 503 page, not a 500 error.

    Only connection failures count (OperationalError, InterfaceError): the page asks the
    browser, crawlers and the load balancer to retry, which a real bug (500) would not deserve.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable for %s", request.path, exc_info=exception)
            return database_unavailable(request)
        return None


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
