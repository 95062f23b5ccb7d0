"""Readers rate a production itself, 1–5 stars: its page's audience score.

The production page is the same cached HTML for everyone, so its stars carry no token: a
post lands on this uncached page (`token_page`), which keeps the chosen stars and asks for one
more click, then thanks the reader here, never on the shared page.
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from articles.visibility import public_productions
from core.http import client_ip

from .. import http, services
from ..forms import STARS
from ..models import ProductionRating
from ._common import _limited, token_page, wants_json

TOO_FAST = "You are rating faster than we allow. Please wait a minute and try again."


def _page(request, production, *, chosen="", message="", error="", status=200):
    score = ProductionRating.objects.score_of(production)
    response = render(
        request,
        "discussion/production_rating_page.html",
        {
            "production": production,
            "score": score,
            "stars": STARS,
            "chosen": chosen,
            "message": message,
            "error": error,
            "noindex": True,
        },
        status=status,
    )
    # The reader's own answer (thanks, refusal, their chosen stars): never kept by a cache.
    add_never_cache_headers(response)
    return response


def _production(production_id):
    return get_object_or_404(public_productions(), pk=production_id)


def production_rating_page(request, production_id):
    """The five stars with a token: rating a production without JavaScript."""
    query = request.POST if request.method == "POST" else request.GET
    return _page(request, _production(production_id), chosen=query.get("stars", ""))


@token_page(production_rating_page)
@require_POST
def production_rate(request, production_id):
    """Rate the production 1–5 stars; rating again changes it."""
    production = _production(production_id)
    if _limited(request, "rating"):
        if wants_json(request):
            return JsonResponse({"ok": False, "error": TOO_FAST}, status=429)
        return _page(request, production, error=TOO_FAST, status=429)
    new_guest_id = http.new_guest_voter_id(request)
    try:
        stars = services.production_rating_set(
            production=production,
            voter_key=http.voter_key(request, guest_id=new_guest_id),
            value=request.POST.get("stars"),
            user=request.user,
            ip=client_ip(request),
        )
    except services.DiscussionError as error:
        status = 403 if isinstance(error, services.Banned) else 400
        if wants_json(request):
            return JsonResponse({"ok": False, "error": error.message}, status=status)
        return _page(request, production, error=error.message, status=status)
    if wants_json(request):
        score = ProductionRating.objects.score_of(production)
        response = JsonResponse(
            {"ok": True, "rating": stars, "average": score.average, "count": score.count}
        )
    else:
        thanks = f"Thank you: you rated {production.title} {stars} out of 5."
        response = _page(request, production, chosen=str(stars), message=thanks)
    return http.set_voter_cookie(request, response, new_guest_id)
