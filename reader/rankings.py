"""A ranked list on the article page: its numbered entries, each with where to watch it.

The one place the list asks where its productions can be watched, with the rule the
production page follows (`AvailabilityQuerySet.current`): a change to that rule or its
selector is made here alone. Two queries for the whole list, however long.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.blocks import registry
from articles.models import Article, ArticleBlock
from core.pagecache import key, seconds_until_next
from images.models import Image
from productions.models import Availability, Production
from productions.moments import start_of_day

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

    def page_keys(self):
        """Its productions (offers and posters included) and pictures: an edit purges the page."""
        found = []
        for block in self.entries:
            found.append(key(Production, block.production_id))
            if block.poster is not None:
                found.append(key(Image, block.poster.pk))
        return found


def ranked_list(article, now=None):
    """`article`'s entries as its page shows them, and where each can be watched at `now`."""
    entries = article.ranked_entries()
    if not entries:
        return RankedList()
    now = now or timezone.now()
    ids = {block.production_id for block in entries}
    offers = list(
        Availability.objects.current(now=now)
        .filter(production_id__in=ids)
        .select_related("season")
        .order_by("platform", "region", "starts_at")[: OFFERS_PER_ENTRY * len(ids)]
    )
    tomorrow = start_of_day(timezone.localdate(now) + datetime.timedelta(days=1))
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
        block.offers = by_production.get(block.production_id, [])[:OFFERS_PER_ENTRY]
        production = block.production
        if block.image_id:
            block.poster, block.poster_alt = block.image, block.image.alt
        else:
            block.poster, block.poster_alt = production.poster, production.poster_alt_text
        for offer in block.offers:
            offer.production = production
    shown = [offer for block in entries for offer in block.offers]
    moments = [*starting, *(offer.ends_at for offer in shown)]
    return RankedList(entries, shown, seconds_until_next(moments, now=now))


def _entries_of(article_ref):
    """The entry blocks of the article `article_ref` points at, counted in a subquery."""
    ranked = [kind.name for kind in registry if kind.ranked]
    entries = ArticleBlock.objects.filter(article=article_ref, kind__in=ranked)
    return entries.order_by().values("article")


def _count(queryset):
    counted = queryset.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def featured_in(production):
    """The newest published ranked lists with an entry for `production`, each entry with its
    number (`rank`, counted in the same query) and anchor: "Featured in: … (#3)"."""
    ranked = [kind.name for kind in registry if kind.ranked]
    before = _entries_of(OuterRef("article")).filter(
        Q(position__lt=OuterRef("position"))
        | Q(position=OuterRef("position"), pk__lt=OuterRef("pk"))
    )
    entries = (
        ArticleBlock.objects.filter(
            production=production,
            kind__in=ranked,
            article__in=Article.objects.published(),
        )
        .select_related("article", "production")
        .annotate(earlier=_count(before), total=_count(_entries_of(OuterRef("article"))))
        .order_by("-article__publish_at", "-article_id")[:FEATURED_LIMIT]
    )
    found = list(entries)
    for block in found:
        block.list_rank = (
            block.total - block.earlier if block.article.countdown else block.earlier + 1
        )
    return found
