"""The demo's release calendar: what is coming to and leaving a platform, and a season to
come, so /schedule/ and the production page's "Coming up" have something to show.

These rows are demo data, invented here (Run Away has one season, and no such UK offers
are known). Their dates are counted from the day `load_demo` runs: each run moves them to
the same distance ahead of that day, so "coming up" stays ahead however old the database
is (run `load_demo` again, as `make run` does, and they are in the future again). They
are found by what they are (production, platform, country; production and season number),
never by their dates, so a run moves them and never adds another.
"""

import datetime

from django.utils import timezone

from productions.models import Availability, Season

#: Run Away arrives on BBC iPlayer at 06:00 London time, this many days after the load.
ARRIVES_IN_DAYS = 12
#: Its last day on Channel 4, this many days after the load.
LEAVES_IN_DAYS = 26
#: A second season, at Netflix's midnight Pacific, this many days after the load.
SEASON_IN_DAYS = 33


def schedule_rows(today):
    """(model, lookup, values) of each demo calendar row, dated from `today`."""
    day = datetime.timedelta(days=1)
    return [
        (
            Availability,
            {"platform": "BBC iPlayer", "country": "GB"},
            {
                "offer_type": "free",
                "available_from": today + ARRIVES_IN_DAYS * day,
                "available_from_time": datetime.time(6, 0),
                "time_zone": "Europe/London",
                "url": "https://www.bbc.co.uk/iplayer",
            },
        ),
        (
            Availability,
            {"platform": "Channel 4", "country": "GB"},
            {
                "offer_type": "ads",
                "available_from": datetime.date(2026, 1, 1),
                "available_until": today + LEAVES_IN_DAYS * day,
                "url": "https://www.channel4.com/",
            },
        ),
        (
            Season,
            {"number": 2},
            {
                "release_date": today + SEASON_IN_DAYS * day,
                "release_time": datetime.time(0, 0),
                "time_zone": "America/Los_Angeles",
            },
        ),
    ]


def load_schedule(loader, series_slug="run-away"):
    """Create the demo's calendar rows for the demo series, or move them to stay ahead."""
    series = loader.productions[series_slug]
    for model, lookup, values in schedule_rows(timezone.localdate()):
        label = str(model._meta.verbose_name_plural)
        row = model.objects.filter(production=series, **lookup).first()
        if row is None:
            model.objects.create(production=series, **lookup, **values)
            loader.report.created[label] += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            loader.report.updated[label] += 1
        else:
            loader.report.found[label] += 1
