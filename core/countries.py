"""Countries: the ISO 3166-1 alpha-2 codes offers carry, and the reader's chosen country.

Names and codes come from django-countries (a pinned, well-kept list, English names). The
reader's choice travels in one plain cookie, `marquee_country`, holding a code and nothing
else; `reader_country` validates it on every read, so a page keyed by it has at most one
copy per real country. `DEFAULT_COUNTRY` (setting, env variable) is the country a reader who
chose nothing gets; blank: none (worldwide offers first, every country folded below).
"""

import re

from django.conf import settings

from django_countries import countries

#: The reader's chosen country (an ISO code): chooses which offers come first.
COUNTRY_COOKIE = "marquee_country"
#: A year: people rarely move country.
COUNTRY_MAX_AGE = 365 * 24 * 60 * 60
_CODE = re.compile(r"^[A-Za-z]{2}$")

#: What people type for a place, beyond the ISO codes and English names django-countries knows.
ALIASES = {
    "uk": "GB",
    "u.k": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u.s": "US",
    "u.s.a": "US",
    "america": "US",
    "united states of america": "US",
    "united states": "US",
    "the us": "US",
    "the uk": "GB",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "czech republic": "CZ",
}
#: What people type for "everywhere".
WORLDWIDE_WORDS = {"", "worldwide", "world", "global", "everywhere", "all", "international", "ww"}


def country_name(code):
    """“United Kingdom” for "GB"; "" for blank (worldwide)."""
    return str(countries.name(code)) if code else ""


_THE = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles"}


def country_phrase(code):
    """“the United Kingdom”, “France”: how a sentence names the country ("in …")."""
    name = country_name(code)
    takes_the = name.startswith("United ") or name.endswith((" Islands", " Republic"))
    return f"the {name}" if takes_the or name in _THE else name


def valid_code(value):
    """The upper-case code if `value` is a known ISO 3166-1 alpha-2 code, else None."""
    value = (value or "").strip()
    if not _CODE.match(value):
        return None
    code = value.upper()
    return code if code in countries else None


def parse_region(text):
    """What a typed region means: ("", True) worldwide, (code, True) a country, or
    ("", False) when it is not understood (the text is kept for an editor)."""
    cleaned = " ".join((text or "").replace("_", " ").split()).strip(" .,;").lower()
    if cleaned in WORLDWIDE_WORDS:
        return "", True
    if cleaned in ALIASES:
        return ALIASES[cleaned], True
    code = valid_code(cleaned)
    if code:
        return code, True
    if len(cleaned) == 3:
        found = countries.alpha2(cleaned.upper())
        if found:
            return found, True
    found = countries.by_name(cleaned, insensitive=True)
    if found:
        return found, True
    return "", False


def default_country():
    """The country a reader who chose none gets (`DEFAULT_COUNTRY`), or "" for none."""
    return valid_code(getattr(settings, "DEFAULT_COUNTRY", "")) or ""


def reader_country(request):
    """The reader's chosen country from their cookie (validated), else the default."""
    return valid_code(request.COOKIES.get(COUNTRY_COOKIE, "")) or default_country()


def chosen_country(request):
    """The country the reader's cookie names, or None when they chose none (or garbage)."""
    return valid_code(request.COOKIES.get(COUNTRY_COOKIE, ""))


def country_choices():
    """(code, name) for every country, by name: the reader's select."""
    return [(code, str(name)) for code, name in countries]


def set_country_cookie(response, code):
    """Remember the reader's country on `response` ("" forgets it)."""
    if not code:
        response.delete_cookie(COUNTRY_COOKIE, samesite="Lax")
        return
    response.set_cookie(
        COUNTRY_COOKIE,
        code,
        max_age=COUNTRY_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
