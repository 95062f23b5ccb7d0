"""Site-wide response rules: the Content-Security-Policy header and the "database down" page."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from csp.middleware import CSPMiddleware

from articles.richtext import editor_admin_csp_sources, page_loads_editor

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Every page gets the strict policy of settings; an admin page with the editor, a bit more.

    CKEditor 4 cannot run under `script-src 'self'` (inline `onclick` handlers, an inline
    script in its editing frame) and the prose editor needs its inline import map; both add
    inline styles. So an admin page whose HTML loads the editor (its template context's
    `media` holds the editor's scripts: `articles.richtext.page_loads_editor`) gets the
    configured editor's extra sources (`editor_admin_csp_sources` says which and why).
    Every other page, the rest of the admin (lists, sign-in, the dashboard, history, user
    pages) and every reader's page, keeps the strict policy, so an injected inline script
    runs nowhere but in the editor's form.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not request.path_info.startswith(reverse("admin:index")):
            return parts
        media = (getattr(response, "context_data", None) or {}).get("media")
        if page_loads_editor(media):
            parts.update = {**(parts.update or {}), **editor_admin_csp_sources(media)}
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
