"""Which country's offers a reader sees first (the cookie, their account, the default)."""

from core.countries import chosen_country, country_name, default_country
from members.models import ReaderProfile
from productions.where import offer_country


def country_for(request):
    """The country whose offers come first for this reader: their cookie, else (signed in)
    their account's, else `DEFAULT_COUNTRY`. Never guessed from the IP address: the page
    is shared by everyone with the same choice."""
    chosen = chosen_country(request)
    if chosen:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = ReaderProfile.objects.filter(user=user).only("country").first()
        if profile and profile.country:
            return profile.country.code
    return default_country()


def country_choices(where):
    """The countries the form offers: those with offers on the page, and the reader's."""
    codes = {offer_country(offer) for offer in where.offers} | {where.country}
    return sorted(((code, country_name(code)) for code in codes if code), key=lambda pair: pair[1])
