"""A ranked list on the article page: its numbered entries, each with where to watch it.

The one place the list asks where its productions can be watched, with the rule the
production page follows (`AvailabilityQuerySet.current`): a change to that rule or its
selector is made here alone. Two queries for the whole list, however long.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.blocks import registry
from articles.models import Article, ArticleBlock
from core.pagecache import key, seconds_until_next
from images.models import Image
from productions.models import Availability, Production
from productions.moments import start_of_next_day
from productions.where import country_order, for_country

#: At most this many offers under one entry.
OFFERS_PER_ENTRY = 4
#: At most this many ranked lists named on a production's page ("Featured in").
FEATURED_LIMIT = 5


@dataclass
class RankedList:
    """The entries in page order (`block.rank`; `offers`, `poster`, `poster_alt` set on each),
    all their offers, and the seconds until one of those offers starts or ends (or None)."""

    entries: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    changes: int | None = None
    #: Whether an offer holds in one country only: the page then varies by country.
    by_country: bool = False

    def page_keys(self):
        """Its productions (offers and posters included) and pictures: an edit purges the page."""
        found = []
        for block in self.entries:
            found.append(key(Production, block.production_id))
            if block.poster is not None:
                found.append(key(Image, block.poster.pk))
        return found


def ranked_list(article, now=None, country=""):
    """`article`'s entries as its page shows them, and where each can be watched at `now` by
    a reader in `country` (their offers, then worldwide ones: `productions.where`)."""
    entries = article.ranked_entries()
    if not entries:
        return RankedList()
    now = now or timezone.now()
    ids = {block.production_id for block in entries}
    offers = list(
        Availability.objects.current(now=now)
        .filter(production_id__in=ids)
        .select_related("season")
        .order_by(country_order(country), "platform", "starts_at")[: OFFERS_PER_ENTRY * len(ids)]
    )
    tomorrow = start_of_next_day(now)
    # An offer starting later today changes the page before midnight does.
    starting = list(
        Availability.objects.upcoming(now=now)
        .filter(production_id__in=ids, starts_at__lt=tomorrow)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)[:1]
    )
    by_production = {}
    for offer in offers:
        by_production.setdefault(offer.production_id, []).append(offer)
    for block in entries:
        found = by_production.get(block.production_id, [])
        block.offers = for_country(found, country)[:OFFERS_PER_ENTRY]
        production = block.production
        if block.image_id:
            block.poster, block.poster_alt = block.image, block.image.alt
        else:
            block.poster, block.poster_alt = production.poster, production.poster_alt_text
        for offer in block.offers:
            offer.production = production
    shown = [offer for block in entries for offer in block.offers]
    moments = [*starting, *(offer.ends_at for offer in shown)]
    by_country = any(offer.country for offer in offers)
    return RankedList(entries, shown, seconds_until_next(moments, now=now), by_country)


def _entries(**lookups):
    """Entry blocks (of a kind marked `ranked`) matching `lookups`, for a subquery."""
    ranked = [kind.name for kind in registry if kind.ranked]
    return ArticleBlock.objects.filter(kind__in=ranked, **lookups).order_by()


def _count(queryset):
    counted = queryset.values("article").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class Featured:
    """A ranked list featuring a production: the article, the entry's number and anchor."""

    article: object
    rank: int
    anchor: str


def featured_in(production):
    """The newest published ranked lists with an entry for `production`, each with the
    entry's number and anchor ("Featured in: … (#3)"): one query, the numbers counted in it
    (entries before this one, and all of them for a countdown), no block row loaded."""
    own = _entries(article=OuterRef("pk"), production=production).order_by("position", "pk")
    lists = (
        Article.objects.published()
        .filter(Exists(own))
        .annotate(
            entry_position=Subquery(own.values("position")[:1]),
            entry_id=Subquery(own.values("pk")[:1]),
        )
        .annotate(
            earlier=_count(
                _entries(article=OuterRef("pk")).filter(
                    Q(position__lt=OuterRef("entry_position"))
                    | Q(position=OuterRef("entry_position"), pk__lt=OuterRef("entry_id"))
                )
            ),
            total=_count(_entries(article=OuterRef("pk"))),
        )
        .order_by("-publish_at", "-id")[:FEATURED_LIMIT]
    )
    found = []
    for article in lists:
        rank = article.total - article.earlier if article.countdown else article.earlier + 1
        # The entry as its list shows it, for the anchor its list gives it.
        entry = ArticleBlock(kind=next(k.name for k in registry if k.ranked), production=production)
        entry.list_rank = rank
        found.append(Featured(article, rank, entry.anchor))
    return found
