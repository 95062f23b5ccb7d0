"""Shared by the discussion endpoints: rate limits, refusals, the way back to the article,
and the page with a token that a post from the shared (token-free) article page lands on."""

import functools

from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from articles.models import Article
from core.http import client_ip
from productions.positions import Positions

from .. import http, limits, selectors, services


def wants_json(request):
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def _public_article(article_id):
    return get_object_or_404(Article.objects.published(), pk=article_id)


def _back(article, anchor="discussion", **query):
    from django.utils.http import urlencode

    query = {key: value for key, value in query.items() if value}
    suffix = f"?{urlencode(query)}" if query else ""
    return redirect(f"{article.get_absolute_url()}{suffix}#{anchor}")


def _limited(request, action):
    """Per IP and per signed-in user: in the shared cache, or in the database when it is down."""
    return limits.is_limited(request, action, ip=client_ip(request))


def _too_many(request, article):
    message = (
        "You are posting faster than we allow. Please wait a minute and try again; "
        "nothing you wrote was lost if you go back."
    )
    if wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=429)
    return render(
        request,
        "discussion/refused.html",
        {"title": "Slow down, please", "message": message, "article": article, "noindex": True},
        status=429,
    )


def _refuse(request, article, error, *, status=400, anchor="discussion"):
    if wants_json(request):
        return JsonResponse({"ok": False, "error": error.message}, status=status)
    if isinstance(error, services.Banned):
        return render(
            request,
            "discussion/refused.html",
            {
                "title": "You cannot take part here",
                "message": error.message,
                "article": article,
                "noindex": True,
            },
            status=403,
        )
    messages.error(request, error.message)
    return _back(article, anchor)


def _comment_context(request, article, comment):
    state = selectors.reader_state(article=article, **http.reader_identity(request))
    comment.children, comment.reply_to = [], None
    selectors.apply_reader_state({comment.pk: comment}, state)
    return {
        "comment": comment,
        "article": article,
        "user": request.user,
        "watched": Positions.from_request(request),
    }


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, answering the reason instead of a logged 403."""

    def _reject(self, request, reason):
        return reason


def _csrf_refused(request):
    """Why this POST's CSRF token is not accepted, or None when it is."""
    return _CsrfCheck(lambda request: None).process_view(request, None, (), {})


def token_page(fallback):
    """GETs, and POSTs without a valid token, get `fallback`'s page, which carries a token.

    The article page is the same cached HTML for every reader, so its forms carry no token:
    JavaScript adds one from `discussion/<id>/me/`; without JavaScript a post lands on this
    uncached page, with what the reader typed kept, and one more click sends it. Nothing is
    stored without a valid token; a post another site's page sent never gets here (it is
    refused with a 403 by core/origin.py), so this page is never pre-filled by a stranger.
    """

    def decorator(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and _csrf_refused(request) is None:
                return view(request, *args, **kwargs)
            if request.method == "POST" and wants_json(request):
                error = "Your session has expired. Please reload the page and try again."
                return JsonResponse({"ok": False, "error": error}, status=403)
            if request.method not in ("GET", "HEAD", "POST"):
                return view(request, *args, **kwargs)
            response = fallback(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorator
