"""The reader's country: which offers come first on where-to-watch sections."""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.countries import set_country_cookie, valid_code
from members.services import is_reader, profile_country_set


@csrf_exempt
@require_POST
def country_set(request):
    """Remember the reader's country in a cookie (and on their account when signed in),
    then go back. No CSRF token: the pages carrying the form are cached; a post from
    another site is refused by core/origin.py."""
    typed = request.POST.get("country", "").strip()
    code = valid_code(typed)
    if typed and code is None:
        return HttpResponseBadRequest(
            "Choose a country from the list.", content_type="text/plain; charset=utf-8"
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.status_code = 303
    set_country_cookie(response, code or "")
    if is_reader(getattr(request, "user", None)):
        profile_country_set(user=request.user, country=code or "")
    return response
