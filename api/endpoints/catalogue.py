"""People, productions (with where to watch them today), quotes and tags: what has a public page."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ninja import Query, Router
from taggit.models import Tag, TaggedItem

from articles.models import Article
from core.pagecache import CATALOGUE, LISTING, key, seconds_until_tomorrow
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
    return Person.objects.prefetch_related("links")


def _productions():
    # Where to watch it today: the offers its page shows under "Where to watch".
    current = Availability.objects.current().order_by("available_from", "platform")
    return Production.objects.select_related("based_on").prefetch_related(
        Prefetch("availabilities", queryset=current, to_attr="current_availability")
    )


def _quotes():
    return Quote.objects.for_listing().prefetch_related(
        Prefetch("productions", queryset=Production.objects.order_by("title"))
    )


def _quote_tags(quotes):
    tags = [CATALOGUE]
    for quote in quotes:
        tags += quote.page_keys()
    return tags


@router.get("/people/", response=PersonPage, tags=["people"], summary="People, by name")
def list_people(request, cursor: str | None = None, limit: int = Limit):
    items, next_link = paginate(request, _people(), NAME_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [CATALOGUE, *(key(item) for item in items)])
    return {"items": [serialize.person_out(request, item) for item in items], "next": next_link}


@router.get(
    "/people/{slug}/", response=PersonDetail, tags=["people"], summary="One person, with credits"
)
def get_person(request, slug: str):
    credits = Credit.objects.select_related("production").order_by(
        "-production__year", "production__title", "production_id", "billing_order", "id"
    )
    person = get_object_or_404(
        _people().prefetch_related(Prefetch("credits", queryset=credits)), slug=slug
    )
    tags = [key(person), *(key(credit.production) for credit in person.credits.all())]
    cache_answer(request, tags)
    return serialize.person_detail(request, person)


@router.get(
    "/productions/",
    response=ProductionPage,
    tags=["productions"],
    summary="Productions, by title, with where to watch them today",
)
def list_productions(request, cursor: str | None = None, limit: int = Limit):
    items, next_link = paginate(request, _productions(), TITLE_ORDER, cursor=cursor, limit=limit)
    tags = [CATALOGUE, *(key(item) for item in items)]
    # Offers start and end at midnight, so a copy lives until then at most.
    cache_answer(request, tags, seconds_until_tomorrow())
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
    production = get_object_or_404(_productions(), slug=slug)
    cache_answer(request, [key(production)], seconds_until_tomorrow())
    return serialize.production_out(request, production)


@router.get("/quotes/", response=QuotePage, tags=["quotes"], summary="Quotes, newest first")
def list_quotes(
    request,
    speaker: str | None = None,
    production: str | None = None,
    cursor: str | None = None,
    limit: int = Limit,
):
    """Filter by the speaker's or a production's slug."""
    quotes = _quotes()
    if speaker:
        quotes = quotes.filter(speaker__slug=speaker)
    if production:
        quotes = quotes.filter(productions__slug=production)
    items, next_link = paginate(request, quotes, NEWEST_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, _quote_tags(items))
    return {"items": [serialize.quote_out(request, item) for item in items], "next": next_link}


@router.get("/quotes/{quote_id}/", response=QuoteOut, tags=["quotes"], summary="One quote")
def get_quote(request, quote_id: int):
    quote = get_object_or_404(_quotes(), pk=quote_id)
    cache_answer(request, _quote_tags([quote]))
    return serialize.quote_out(request, quote)


@router.get(
    "/tags/", response=TagPage, tags=["tags"], summary="Tags of published explainers, by name"
)
def list_tags(request, cursor: str | None = None, limit: int = Limit):
    """Only tags that at least one published explainer carries (a draft's tags stay private)."""
    used = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=Article.objects.published().values("pk"),
    ).values("tag_id")
    tags = Tag.objects.filter(pk__in=used)
    items, next_link = paginate(request, tags, NAME_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [LISTING, CATALOGUE])
    return {"items": [serialize.tag_out(request, item) for item in items], "next": next_link}
