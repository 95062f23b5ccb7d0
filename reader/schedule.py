"""The release calendar: what comes out, arrives and leaves in the next six weeks.

One item per episode and season to come ("Run Away S1E3", "Run Away season 2") and per
offer that starts or ends ("Coming to Netflix on 12 January", "Leaving Netflix on 3
February"), for productions readers may see named (`articles.visibility`). `/schedule/` and
`/schedule.ics` list every production's; a production's page ("Coming up") and its
`schedule.ics` its own, read from what its page loads anyway.

An item stays listed until it has happened: a timed one until its moment, a date-only one
until its day is over (it is an all-day event, as in a calendar). Nothing purges when that
moment comes, so each page is kept no longer than its next change (`changes_at`): the first
timed item's moment, and the site's next midnight, when date-only items leave and the
window takes in another day.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from articles.visibility import public_productions
from core.countries import country_phrase
from core.pagecache import LISTING, SCHEDULE, key, seconds_until_next
from productions.models import Availability, Episode, Production, Season
from productions.moments import When, start_of_day

#: How far ahead the calendar looks.
WINDOW = datetime.timedelta(days=42)
#: The most items of each kind one calendar lists (a busy six weeks stays one bounded page).
LIMIT = 200


@dataclass(frozen=True)
class Item:
    """One entry of the calendar, as pages and the .ics write it."""

    uid: str
    when: When
    production: Production
    #: What comes: "S1E3: The Lake", "Season 2", "" (the production itself).
    what: str
    #: The sentence before the date: "Coming to Netflix", "Leaving Netflix", "Out on Netflix".
    lead: str
    #: The calendar event's title: "Run Away S1E3 on Netflix".
    summary: str
    url: str
    #: Where an offer holds, for a sentence: "the United Kingdom" ("" worldwide).
    region: str = ""
    #: The keys of what the item shows, for the page cache.
    keys: tuple = field(default=(), compare=False)

    @property
    def leaves_at(self):
        """When it has happened and leaves the list."""
        if self.when.timed:
            return self.when.at
        return start_of_day(self.when.day + datetime.timedelta(days=1))


def _on(platform):
    return f" on {platform}" if platform else ""


def episode_item(episode):
    series = episode.season.production
    what = episode.option_label
    return Item(
        uid=f"episode-{episode.pk}",
        when=episode.airs,
        production=series,
        what=what,
        lead=f"Out{_on(series.platform)}",
        summary=f"{series.title} {episode.code}{_on(series.platform)}",
        url=episode.get_absolute_url(),
        keys=(key(episode), key(series)),
    )


def season_item(season):
    series = season.production
    return Item(
        uid=f"season-{season.pk}",
        when=season.release,
        production=series,
        what=season.display_title,
        lead=f"Premieres{_on(series.platform)}",
        summary=f"{series.title} {season.display_title.lower()}{_on(series.platform)}",
        url=series.get_absolute_url() + f"#season-{season.number}",
        keys=(key(season), key(series)),
    )


def _offer_item(offer, *, arriving):
    production = offer.production
    what = offer.season.display_title if offer.season_id else ""
    verb = "Coming to" if arriving else "Leaving"
    subject = f"{production.title} {what.lower()}".strip()
    return Item(
        uid=f"offer-{offer.pk}-{'arrival' if arriving else 'departure'}",
        when=offer.starts if arriving else offer.ends,
        production=production,
        what=what,
        lead=f"{verb} {offer.platform}",
        summary=f"{subject}: {verb.lower()} {offer.platform}",
        url=production.get_absolute_url() + "#watch-title",
        region=country_phrase(offer.country.code if offer.country else ""),
        keys=(key(production),),
    )


def arrival_item(offer):
    return _offer_item(offer, arriving=True)


def departure_item(offer):
    return _offer_item(offer, arriving=False)


@dataclass(frozen=True)
class Window:
    """The calendar's span at `now`: from the start of today to six weeks on (site zone)."""

    now: datetime.datetime

    @classmethod
    def at(cls, now=None):
        return cls(now or timezone.now())

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def start(self):
        return start_of_day(self.today)

    @property
    def end(self):
        return start_of_day(self.today + WINDOW)

    def holds(self, item):
        """Whether `item` is still to happen (or happening today) and within six weeks."""
        return item.when is not None and self.now < item.leaves_at and item.when.at < self.end

    def listed(self, moment, time_field):
        """The SQL twin of `holds`, on a stored instant and the time that says if it has one."""
        return Q(**{f"{moment}__gte": self.start, f"{moment}__lt": self.end}) & (
            Q(**{f"{time_field}__isnull": True}) | Q(**{f"{moment}__gt": self.now})
        )

    def leaving(self):
        """Offers whose last day (or moment) is in the window and not yet past."""
        dated = Q(
            available_until_time__isnull=True,
            available_until__gte=self.today,
            available_until__lt=self.today + WINDOW,
        )
        timed = Q(available_until_time__isnull=False, ends_at__gt=self.now, ends_at__lt=self.end)
        return Q(ends_at__gt=self.start, ends_at__lte=self.end) & (dated | timed)


def _visible(path):
    return Exists(public_productions().filter(pk=OuterRef(path)))


def upcoming(window):
    """Every public production's items in `window`, in order: a bounded query per kind."""
    episodes = (
        Episode.objects.filter(window.listed("airs_at", "air_time"))
        .filter(_visible("season__production"))
        .select_related("season__production")
        .order_by("airs_at", "season__production__title", "season__number", "number")[:LIMIT]
    )
    seasons = (
        Season.objects.filter(window.listed("releases_at", "release_time"))
        .filter(_visible("production"))
        .select_related("production")
        .order_by("releases_at", "production__title", "number")[:LIMIT]
    )
    offers = Availability.objects.filter(_visible("production")).select_related(
        "production", "season"
    )
    arrivals = offers.filter(window.listed("starts_at", "available_from_time")).order_by(
        "starts_at", "production__title", "platform"
    )[:LIMIT]
    departures = offers.filter(window.leaving()).order_by(
        "ends_at", "production__title", "platform"
    )[:LIMIT]
    seasons, episodes, arrivals, departures = (
        list(rows) for rows in (seasons, episodes, arrivals, departures)
    )
    offer_items = [*map(arrival_item, arrivals), *map(departure_item, departures)]
    items = _ordered(window, seasons, episodes, offer_items)
    # A kind that filled its LIMIT says nothing about what follows its last row: the
    # calendar stops there for every kind, so no day shows some of its items and not others.
    kinds = (
        (seasons, "releases_at"),
        (episodes, "airs_at"),
        (arrivals, "starts_at"),
        (departures, "ends_at"),
    )
    full = [getattr(rows[-1], moment) for rows, moment in kinds if len(rows) == LIMIT]
    if full:
        cut = min(full)
        items = [item for item in items if item.when.at < cut]
    return items


def upcoming_for(window, seasons, offers):
    """One production's items in `window`, from its seasons (episodes prefetched) and
    offers already loaded for its page: no query."""
    episodes = [episode for season in seasons for episode in season.episodes.all()]
    offer_items = [arrival_item(offer) for offer in offers]
    offer_items += [departure_item(offer) for offer in offers if offer.available_until]
    return _ordered(window, seasons, episodes, offer_items)


def _ordered(window, seasons, episodes, offer_items):
    season_items = [season_item(s) for s in seasons if s.release_date]
    listed = {s.pk: s.release_date for s in seasons if window.holds(season_item(s))}
    # A season out at once lists as one item, not as each of its episodes again.
    episode_items = [
        episode_item(e) for e in episodes if e.air_date and listed.get(e.season_id) != e.air_date
    ]
    items = [i for i in [*season_items, *episode_items, *offer_items] if window.holds(i)]
    return sorted(items, key=lambda i: (i.when.at, i.production.title, i.what, i.uid))


def by_day(items, today):
    """[(heading, day, items)] in order: "Today", "Tomorrow", then "Monday 12 January"."""
    days = []
    for day, group in groupby(items, key=lambda item: item.when.day):
        if day == today:
            heading = "Today"
        elif day == today + datetime.timedelta(days=1):
            heading = "Tomorrow"
        else:
            # Within six weeks: the year goes without saying, as in `When.label`.
            heading = f"{day:%A} {day.day} {day:%B}"
        days.append((heading, day, list(group)))
    return days


def changes_at(window, items, *moments):
    """Seconds until the page listing `items` (and showing `moments`) must change by itself:
    the first item to leave, the next midnight, or the first of `moments`."""
    midnight = start_of_day(window.today + datetime.timedelta(days=1))
    leaving = [item.leaves_at for item in items]
    return seconds_until_next([midnight, *leaving, *moments], now=window.now)


def page_keys(items):
    """What a calendar page shows: the calendar, the productions and items it names, and
    whether they may be named (`list:articles`)."""
    found = [SCHEDULE, LISTING]
    for item in items:
        found += item.keys
    return list(dict.fromkeys(found))
