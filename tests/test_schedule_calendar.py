"""The release calendar as iCalendar: read back with the `icalendar` library, RFC 5545's
shape (CRLF, folding at 75 octets, escaping, DATE or UTC DATE-TIME starts, stable UIDs)."""

import datetime

import icalendar
import pytest
import time_machine

from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    EpisodeFactory,
    ProductionFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 1, 11, 7, 0, tzinfo=datetime.UTC)
LONG_TITLE = "Run Away, or: the Long Way Home; a Story in \\ Many Parts — Über-Édition " * 2


@pytest.fixture(autouse=True)
def clock(settings):
    settings.TIME_ZONE = "Europe/London"
    settings.SITE_URL = "https://marquee.example"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def series(db):
    series = ProductionFactory(title="Run Away", slug="run-away", platform="Netflix")
    season = SeasonFactory(production=series, number=1)
    EpisodeFactory(
        season=season,
        number=3,
        title="The Lake",
        air_date=datetime.date(2027, 1, 14),
        air_time=datetime.time(21, 0),
        time_zone="Europe/London",
    )
    AvailabilityFactory(
        production=series,
        platform="BBC iPlayer",
        country="GB",
        available_from=datetime.date(2027, 1, 20),
    )
    return series


def events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_site_calendar_parses_and_holds_each_item(client, series):
    response = client.get("/schedule.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, found = events(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Marquee" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Marquee: release calendar"
    assert set(found) == {
        "Run Away S1E3 on Netflix",
        "Run Away: coming to BBC iPlayer in the United Kingdom",
    }

    episode = found["Run Away S1E3 on Netflix"]
    # A time: a UTC DATE-TIME (21:00 in London in January is 21:00 UTC).
    assert episode.decoded("DTSTART") == datetime.datetime(2027, 1, 14, 21, 0, tzinfo=datetime.UTC)
    assert str(episode["URL"]) == "https://marquee.example/productions/run-away/s1e3/"
    assert str(episode["UID"]).endswith("@marquee.example")
    assert episode.decoded("DTSTAMP") == NOW

    # A date alone: an all-day DATE, never a time that could move it to another day.
    arrival = found["Run Away: coming to BBC iPlayer in the United Kingdom"]
    assert arrival.decoded("DTSTART") == datetime.date(2027, 1, 20)
    assert not isinstance(arrival.decoded("DTSTART"), datetime.datetime)
    assert arrival.decoded("DTEND") == datetime.date(2027, 1, 21)


def test_uids_stay_the_same_from_one_render_to_the_next(client, series, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    first = {str(e["UID"]) for e in events(client.get("/schedule.ics"))[1].values()}
    EpisodeFactory(season=series.seasons.get(), number=4, air_date=datetime.date(2027, 1, 21))
    second = {str(e["UID"]) for e in events(client.get("/schedule.ics"))[1].values()}

    assert len(first) == 2 and first < second


def test_lines_end_in_crlf_are_folded_at_75_octets_and_text_is_escaped(client, db):
    production = ProductionFactory(title=LONG_TITLE.strip(), slug="long", platform="Netflix")
    SeasonFactory(production=production, number=2, release_date=datetime.date(2027, 1, 12))

    body = client.get("/schedule.ics").content

    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"Run Away\\, or: the Long Way Home\\; a Story in \\\\ Many" in body.replace(
        b"\r\n ", b""
    )
    _, found = events(client.get("/schedule.ics"))
    assert list(found) == [f"{LONG_TITLE.strip()} season 2 on Netflix"]


def test_a_productions_calendar_holds_only_its_own_items(client, series):
    other = ProductionFactory(title="Fool Me Once", slug="fool-me-once")
    AvailabilityFactory(production=other, available_from=datetime.date(2027, 1, 15))

    response = client.get("/productions/run-away/schedule.ics")

    calendar, found = events(response)
    assert str(calendar["X-WR-CALNAME"]) == "Run Away · Marquee"
    assert set(found) == {
        "Run Away S1E3 on Netflix",
        "Run Away: coming to BBC iPlayer in the United Kingdom",
    }
    assert "Fool Me Once" in str(events(client.get("/schedule.ics"))[1])


def test_a_production_only_a_draft_names_has_no_calendar(client, db):
    hidden = ProductionFactory(slug="embargoed")
    ArticleFactory().productions.add(hidden)

    assert client.get("/productions/embargoed/schedule.ics").status_code == 404
