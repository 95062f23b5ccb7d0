"""The demo's where-to-watch by country: Run Away to rent and to buy in the United States,
beside Netflix worldwide (articles/demo/content.py) and the British free offers the
calendar adds (articles/demo/schedule.py, one of them arriving in the future), so a reader
who chooses the United Kingdom and one who chooses the United States see different offers
first. Invented demo data, found by what it is (production, platform, country, type)."""

import datetime

from productions.models import Availability

OFFERS = [
    {
        "platform": "Apple TV",
        "country": "US",
        "offer_type": "rent",
        "available_from": datetime.date(2026, 1, 8),
        "url": "https://tv.apple.com/",
    },
    {
        "platform": "Prime Video",
        "country": "US",
        "offer_type": "buy",
        "available_from": datetime.date(2026, 1, 8),
        "url": "https://www.amazon.com/",
    },
]


def load_offers(loader, series_slug="run-away"):
    """Create the demo series' offers in the United States, or find them."""
    series = loader.productions[series_slug]
    for data in OFFERS:
        lookup = {k: data[k] for k in ("platform", "country", "offer_type")}
        loader.sync(
            Availability,
            {"production": series, **lookup},
            {"available_from": data["available_from"], "url": data["url"]},
        )
