"""Where to watch, for one reader's country: the rule every page showing offers follows.

The production page, an episode page, an article's "Streaming on" line and the API all
order offers with `where_to_watch` (or `country_rank` where a query must order them): the
reader's country first, grouped by how they get it (stream, free, rent or buy, cinema),
then worldwide offers, then every other country's, by country name, folded on the page.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When

from core.countries import country_name, country_phrase

from .models.offers import OFFER_GROUPS


def offer_country(offer):
    """The offer's ISO code ("" for worldwide)."""
    return offer.country.code if offer.country else ""


def country_rank(offer, country):
    """0 for the reader's country, 1 for worldwide, 2 for any other: the order of the page."""
    code = offer_country(offer)
    if country and code == country:
        return 0
    return 1 if not code else 2


def country_order(country):
    """`country_rank` in SQL, for a query that must fetch the reader's offers first."""
    whens = [When(country=country, then=Value(0))] if country else []
    return Case(
        *whens, When(country="", then=Value(1)), default=Value(2), output_field=IntegerField()
    )


@dataclass
class WhereToWatch:
    """One reader's view of a list of offers (already fetched, bounded)."""

    country: str
    #: [(heading, offers)] for the reader's country, in `OFFER_GROUPS` order, empty ones out.
    mine: list = field(default_factory=list)
    worldwide: list = field(default_factory=list)
    #: [(country name, offers)] for every other country, by name.
    others: list = field(default_factory=list)
    #: Whether any offer holds in one country only (the page then varies by country).
    by_country: bool = False

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def country_phrase(self):
        """“the United Kingdom”: for “Stream in …”."""
        return country_phrase(self.country)

    @property
    def offers(self):
        """Every offer, in the order shown."""
        found = [offer for _, offers in self.mine for offer in offers] + self.worldwide
        return found + [offer for _, offers in self.others for offer in offers]

    def __bool__(self):
        return bool(self.mine or self.worldwide or self.others)


def group_by_type(offers):
    """[(heading, offers)] in `OFFER_GROUPS` order, leaving out empty headings."""
    return [
        (heading, found)
        for heading, types in OFFER_GROUPS
        if (found := [offer for offer in offers if offer.offer_type in types])
    ]


def where_to_watch(offers, country):
    """`offers` as `country` (an ISO code, or "" for none chosen and no default) reads them."""
    offers = list(offers)
    mine = [offer for offer in offers if country_rank(offer, country) == 0]
    elsewhere = {}
    for offer in offers:
        if country_rank(offer, country) == 2:
            elsewhere.setdefault(offer_country(offer), []).append(offer)
    others = sorted(
        ((country_name(code), found) for code, found in elsewhere.items()),
        key=lambda pair: pair[0],
    )
    return WhereToWatch(
        country=country,
        mine=group_by_type(mine),
        worldwide=[offer for offer in offers if not offer_country(offer)],
        others=others,
        by_country=any(offer_country(offer) for offer in offers),
    )


def for_country(offers, country):
    """Only the offers a reader in `country` can use (theirs, then worldwide; every offer
    when no country is known), in that order: a one-line mention ("Streaming on …")."""
    offers = list(offers)
    if not country:
        return offers
    return sorted(
        (offer for offer in offers if country_rank(offer, country) < 2),
        key=lambda offer: country_rank(offer, country),
    )
