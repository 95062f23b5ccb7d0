"""People, productions (with where to watch them today), quotes and tags: what has a public page.

A tag, person, production or quote only unpublished explainers name is not public
(`articles.visibility`): its own endpoint answers 404 and no list or answer names it. Whether
it is public changes with any explainer's publication, so every answer here is dropped with
the lists (LISTING) as well as with what it shows.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ninja import Query, Router

from articles.visibility import public_people, public_productions, public_quotes, public_tags
from core.pagecache import CATALOGUE, LISTING, key, seconds_until_next, seconds_until_tomorrow
from people.models import Credit, Person, Quote
from productions.models import Availability, Production

from .. import serialize
from ..caching import cache_answer
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, paginate
from ..schemas import (
    PersonDetail,
    PersonPage,
    ProductionOut,
    ProductionPage,
    QuoteOut,
    QuotePage,
    TagPage,
)

router = Router()

NAME_ORDER = (Key("name", kind=str), Key("id"))
TITLE_ORDER = (Key("title", kind=str), Key("id"))
NEWEST_ORDER = (
    Key("created_at", descending=True, kind=datetime.datetime),
    Key("id", descending=True),
)

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _people():
    return public_people(Person.objects.prefetch_related("links"))


def _productions(now):
    # Where to watch it now: the offers its page shows under "Where to watch", and those
    # starting before midnight, whose moment ends a stored answer (`_offers_change`).
    current = Availability.objects.shown_today(now=now).order_by("available_from", "platform")
    source_is_public = Exists(public_productions().filter(pk=OuterRef("based_on_id")))
    productions = (
        Production.objects.select_related("based_on")
        .annotate(based_on_is_public=source_is_public)
        .prefetch_related(
            Prefetch("availabilities", queryset=current, to_attr="current_availability")
        )
    )
    return public_productions(productions)


def _offers_change(productions, now):
    """Keep only the offers current at `now`; the seconds until that changes by itself (an
    offer shown ends, one starts later today, or midnight)."""
    moments = []
    for production in productions:
        offers = production.current_availability
        production.current_availability = [o for o in offers if o.starts_at <= now]
        moments += [o.starts_at for o in offers]
        moments += [o.ends_at for o in production.current_availability]
    return seconds_until_next(moments, now=now, longest=seconds_until_tomorrow())


def _without_unpublished_sources(productions):
    """Forget, on these loaded copies, a source only unpublished explainers name."""
    for production in productions:
        if production.based_on_id and not production.based_on_is_public:
            production.based_on = None
    return productions


def _quotes():
    productions = public_productions().order_by("title")
    return public_quotes(Quote.objects.for_listing()).prefetch_related(
        Prefetch("productions", queryset=productions)
    )


def _quote_tags(quotes):
    tags = [CATALOGUE, LISTING]
    for quote in quotes:
        tags += quote.page_keys()
    return tags


@router.get("/people/", response=PersonPage, tags=["people"], summary="People, by name")
def list_people(request, cursor: str | None = None, limit: int = Limit):
    """Not someone only unpublished explainers name (they have no page yet)."""
    items, next_link = paginate(request, _people(), NAME_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [CATALOGUE, LISTING, *(key(item) for item in items)])
    return {"items": [serialize.person_out(request, item) for item in items], "next": next_link}


@router.get(
    "/people/{slug}/", response=PersonDetail, tags=["people"], summary="One person, with credits"
)
def get_person(request, slug: str):
    """404 for someone only unpublished explainers name, as for no one; their credits leave
    out a production only unpublished explainers name."""
    credits = (
        Credit.objects.filter(production__in=public_productions().values("pk"))
        .select_related("production")
        .order_by("-production__year", "production__title", "production_id", "billing_order", "id")
    )
    person = get_object_or_404(
        _people().prefetch_related(Prefetch("credits", queryset=credits)), slug=slug
    )
    tags = [key(person), LISTING, *(key(credit.production) for credit in person.credits.all())]
    cache_answer(request, tags)
    return serialize.person_detail(request, person)


@router.get(
    "/productions/",
    response=ProductionPage,
    tags=["productions"],
    summary="Productions, by title, with where to watch them today",
)
def list_productions(request, cursor: str | None = None, limit: int = Limit):
    """Not a production only unpublished explainers name (it has no page yet)."""
    now = timezone.now()
    items, next_link = paginate(request, _productions(now), TITLE_ORDER, cursor=cursor, limit=limit)
    items = _without_unpublished_sources(items)
    tags = [CATALOGUE, LISTING, *(key(item) for item in items)]
    # A copy lives until an offer shown starts or ends, or midnight at most.
    cache_answer(request, tags, _offers_change(items, now))
    return {
        "items": [serialize.production_out(request, item) for item in items],
        "next": next_link,
    }


@router.get(
    "/productions/{slug}/",
    response=ProductionOut,
    tags=["productions"],
    summary="One production, with where to watch it today",
)
def get_production(request, slug: str):
    """404 for a production only unpublished explainers name, as for none."""
    now = timezone.now()
    production = get_object_or_404(_productions(now), slug=slug)
    [production] = _without_unpublished_sources([production])
    cache_answer(request, [key(production), LISTING], _offers_change([production], now))
    return serialize.production_out(request, production)


@router.get("/quotes/", response=QuotePage, tags=["quotes"], summary="Quotes, newest first")
def list_quotes(
    request,
    speaker: str | None = None,
    production: str | None = None,
    cursor: str | None = None,
    limit: int = Limit,
):
    """Filter by the speaker's or a production's slug. Not a quote only unpublished
    explainers use; a filter by someone or something only they name finds nothing."""
    quotes = _quotes()
    # A speaker or production only unpublished explainers name is answered as an unknown one.
    if speaker:
        quotes = quotes.filter(speaker__in=public_people().filter(slug=speaker).values("pk"))
    if production:
        named = public_productions().filter(slug=production).values("pk")
        quotes = quotes.filter(productions__in=named)
    items, next_link = paginate(request, quotes, NEWEST_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, _quote_tags(items))
    return {"items": [serialize.quote_out(request, item) for item in items], "next": next_link}


@router.get("/quotes/{quote_id}/", response=QuoteOut, tags=["quotes"], summary="One quote")
def get_quote(request, quote_id: int):
    """404 for a quote only unpublished explainers use, as for none."""
    quote = get_object_or_404(_quotes(), pk=quote_id)
    cache_answer(request, _quote_tags([quote]))
    return serialize.quote_out(request, quote)


@router.get(
    "/tags/", response=TagPage, tags=["tags"], summary="Tags of published explainers, by name"
)
def list_tags(request, cursor: str | None = None, limit: int = Limit):
    """Only tags that at least one published explainer carries (a draft's tags stay private)."""
    tags = public_tags()
    items, next_link = paginate(request, tags, NAME_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [LISTING, CATALOGUE])
    return {"items": [serialize.tag_out(request, item) for item in items], "next": next_link}
