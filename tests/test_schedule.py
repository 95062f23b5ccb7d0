"""The release calendar with a frozen clock: "Coming to … on …" and "Leaving … on …" on the
production page and /schedule/, times as `<time>` in UTC with the site's zone written out,
dates that never move, and cached pages that change by themselves at the moment an item
starts or ends (no purge)."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from productions.models import Availability, Episode, Season
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    EpisodeFactory,
    ProductionFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

#: Monday 11 January 2027, 07:00 in London (GMT, so UTC too).
NOW = datetime.datetime(2027, 1, 11, 7, 0, tzinfo=datetime.UTC)
MIDNIGHT_PT = {"available_from_time": datetime.time(0, 0), "time_zone": "America/Los_Angeles"}


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def series(db):
    return ProductionFactory(title="Run Away", slug="run-away", platform="Netflix")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


# == Times on the rows ======================================================================


def test_a_time_in_a_named_zone_is_stored_as_its_utc_moment(series):
    offer = AvailabilityFactory(
        production=series, available_from=datetime.date(2027, 1, 12), **MIDNIGHT_PT
    )

    # Netflix's midnight Pacific is 08:00 UTC.
    assert offer.starts_at == datetime.datetime(2027, 1, 12, 8, 0, tzinfo=datetime.UTC)
    assert offer.starts.timed and offer.starts.iso == "2027-01-12T08:00:00Z"


def test_a_date_without_a_time_stays_a_date_from_the_start_of_its_day(series):
    offer = AvailabilityFactory(
        production=series,
        available_from=datetime.date(2027, 1, 12),
        available_until=datetime.date(2027, 2, 3),
        time_zone="America/Los_Angeles",  # unused without a time
    )

    assert offer.starts_at == datetime.datetime(2027, 1, 12, tzinfo=datetime.UTC)
    # A date-only "until" is the last day: the offer ends when that day does.
    assert offer.ends_at == datetime.datetime(2027, 2, 4, tzinfo=datetime.UTC)
    assert not offer.starts.timed and offer.starts.iso == "2027-01-12"
    assert offer.ends.iso == "2027-02-03"


def test_saving_only_the_date_moves_the_moment_too(series):
    episode = EpisodeFactory(season=SeasonFactory(production=series), air_date=None)
    episode.air_date = datetime.date(2027, 3, 1)
    episode.air_time = datetime.time(21, 0)
    episode.time_zone = "America/New_York"
    episode.save(update_fields=["air_date", "air_time", "time_zone"])

    episode.refresh_from_db()
    assert episode.airs_at == datetime.datetime(2027, 3, 2, 2, 0, tzinfo=datetime.UTC)


def test_an_unknown_zone_or_a_time_without_a_date_is_refused_with_a_reason(series):
    season = Season(production=series, number=2, release_time=datetime.time(8), time_zone="Mars")

    with pytest.raises(Exception) as error:
        season.full_clean()

    errors = error.value.message_dict
    assert "not a time zone name" in errors["time_zone"][0]
    assert errors["release_time"] == ["Give the date too, or leave the time out."]


def test_current_offers_start_and_end_at_their_moments(series, clock):
    starts_at_eight = AvailabilityFactory(
        production=series, available_from=datetime.date(2027, 1, 11), **MIDNIGHT_PT
    )

    assert starts_at_eight not in Availability.objects.current()
    clock.move_to(NOW + datetime.timedelta(hours=1, seconds=1))
    assert starts_at_eight in Availability.objects.current()


# == Wording ================================================================================


def test_a_future_offer_says_coming_to_the_platform_on_its_date(client, series, clock):
    AvailabilityFactory(
        production=series,
        platform="Netflix",
        available_from=datetime.date(2027, 1, 12),
        url="https://www.netflix.com/",
        **MIDNIGHT_PT,
    )
    coming = (
        'Coming to Netflix on <time datetime="2027-01-12T08:00:00Z" data-local-time>'
        "12 January, 08:00 GMT</time>"
    )

    _, production_html = page(client, series.get_absolute_url())
    _, schedule_html = page(client, "/schedule/")

    assert coming in production_html  # where to watch and "Coming up"
    assert production_html.count(coming) == 2
    assert "We do not know of anywhere it is available right now." not in production_html
    assert coming in schedule_html
    assert '<time datetime="2027-01-12">Tomorrow</time>' in schedule_html


def test_an_offer_ending_within_six_weeks_says_leaving_on_its_last_day(client, series, clock):
    AvailabilityFactory(
        production=series,
        platform="Channel 4",
        available_from=datetime.date(2026, 1, 1),
        available_until=datetime.date(2027, 2, 3),
    )
    AvailabilityFactory(
        production=series,
        platform="Later TV",
        available_from=datetime.date(2026, 1, 1),
        available_until=datetime.date(2027, 6, 1),
    )
    leaving = 'Leaving Channel 4 on <time datetime="2027-02-03">3 February</time>'

    _, html = page(client, series.get_absolute_url())
    _, schedule_html = page(client, "/schedule/")

    assert leaving in html and leaving in schedule_html
    # Further off than the calendar's six weeks: still "since …, until …".
    assert 'until <time datetime="2027-06-01">1 June</time>' in html
    assert "Leaving Later TV" not in html + schedule_html


def test_upcoming_episodes_and_seasons_are_listed_by_day(client, series, clock):
    season = SeasonFactory(
        production=series, number=2, release_date=datetime.date(2027, 1, 15), title=""
    )
    # Out with its season: the season's line says it.
    EpisodeFactory(season=season, number=1, title="Pilot", air_date=datetime.date(2027, 1, 15))
    EpisodeFactory(
        season=season,
        number=2,
        title="The Lake",
        air_date=datetime.date(2027, 1, 22),
        air_time=datetime.time(21, 0),
        time_zone="Europe/London",
    )
    EpisodeFactory(season=season, number=3, title="Aired", air_date=datetime.date(2027, 1, 1))

    _, html = page(client, "/schedule/")

    assert "Friday 15 January" in html and "Friday 22 January" in html
    assert '<a href="/productions/run-away/#season-2">Season 2</a>' in html
    assert "Premieres on Netflix on" in html
    assert ">S2E2: The Lake</a>" in html
    assert "Out on Netflix on" in html
    assert "Pilot" not in html and "Aired" not in html
    assert html.index("Season 2") < html.index("The Lake")


def test_a_date_alone_is_never_moved_to_the_readers_zone(client, series, clock):
    EpisodeFactory(
        season=SeasonFactory(production=series), number=1, air_date=datetime.date(2027, 1, 20)
    )

    _, html = page(client, "/schedule/")

    assert '<time datetime="2027-01-20">20 January</time>' in html
    assert 'datetime="2027-01-20T' not in html


def test_the_pages_link_the_calendars_for_calendar_apps(client, series, clock, settings):
    settings.SITE_URL = "https://marquee.example"
    EpisodeFactory(
        season=SeasonFactory(production=series), number=1, air_date=datetime.date(2027, 1, 20)
    )

    _, schedule_html = page(client, "/schedule/")
    _, production_html = page(client, series.get_absolute_url())

    assert 'href="webcal://marquee.example/schedule.ics">Add to calendar</a>' in schedule_html
    assert (
        'href="webcal://marquee.example/productions/run-away/schedule.ics">Add to calendar</a>'
        in production_html
    )
    assert 'type="text/calendar"' in production_html
    assert 'src="/static/js/local-times.js" type="module"' in schedule_html


# == What readers may see named =============================================================


def test_a_production_only_a_draft_names_never_appears(client, clock):
    hidden = ProductionFactory(title="Embargoed Show", slug="embargoed-show")
    ArticleFactory().productions.add(hidden)
    EpisodeFactory(
        season=SeasonFactory(production=hidden), number=1, air_date=datetime.date(2027, 1, 20)
    )
    AvailabilityFactory(production=hidden, available_from=datetime.date(2027, 1, 14))

    _, html = page(client, "/schedule/")
    calendar = client.get("/schedule.ics").content.decode()

    assert "Embargoed Show" not in html + calendar
    assert client.get("/productions/embargoed-show/schedule.ics").status_code == 404


# == Pages change by the clock, through the cache ===========================================


def test_the_cached_pages_change_when_an_offer_starts_with_no_purge(client, series, clock):
    AvailabilityFactory(
        production=series, platform="Netflix", available_from=datetime.date(2027, 1, 11),
        **MIDNIGHT_PT,
    )  # fmt: skip
    urls = [series.get_absolute_url(), "/schedule/", "/schedule.ics"]
    for url in urls:
        assert "Netflix" in page(client, url)[1]
        assert page(client, url)[0]["X-Page-Cache"] == "hit"
    production_html = page(client, urls[0])[1]
    assert "Coming to Netflix on" in production_html and "since <time" not in production_html

    clock.move_to(NOW + datetime.timedelta(hours=1, seconds=1))  # 08:00:01 UTC

    response, html = page(client, urls[0])
    assert response["X-Page-Cache"] == "miss"
    assert "Coming to Netflix" not in html
    assert 'since <time datetime="2027-01-11T08:00:00Z" data-local-time>' in html
    assert "Coming to Netflix" not in page(client, "/schedule/")[1]
    assert "VEVENT" not in page(client, "/schedule.ics")[1]


def test_the_cached_article_shows_an_offer_from_the_moment_it_starts(client, series, clock):
    article = ArticleFactory(published=True, publish_at=NOW - datetime.timedelta(days=1))
    article.productions.add(series)
    AvailabilityFactory(
        production=series, platform="Netflix", available_from=datetime.date(2027, 1, 11),
        **MIDNIGHT_PT,
    )  # fmt: skip
    url = article.get_absolute_url()
    assert "Streaming on" not in page(client, url)[1]
    assert page(client, url)[0]["X-Page-Cache"] == "hit"

    clock.move_to(NOW + datetime.timedelta(hours=1, seconds=1))

    assert "Streaming on" in page(client, url)[1]


def test_the_cached_api_answer_shows_an_offer_from_the_moment_it_starts(client, series, clock):
    AvailabilityFactory(
        production=series, platform="Netflix", available_from=datetime.date(2027, 1, 11),
        **MIDNIGHT_PT,
    )  # fmt: skip
    url = "/api/v1/productions/run-away/"
    assert client.get(url).json()["availability"] == []
    assert client.get(url)["X-Page-Cache"] == "hit"

    clock.move_to(NOW + datetime.timedelta(hours=1, seconds=1))

    assert [o["platform"] for o in client.get(url).json()["availability"]] == ["Netflix"]


def test_a_date_only_departure_leaves_the_cached_pages_at_midnight(client, series, clock):
    AvailabilityFactory(
        production=series,
        platform="Channel 4",
        available_from=datetime.date(2026, 1, 1),
        available_until=datetime.date(2027, 1, 11),
    )
    assert "Leaving Channel 4 on" in page(client, "/schedule/")[1]
    assert "Leaving Channel 4 on" in page(client, series.get_absolute_url())[1]
    assert page(client, "/schedule/")[0]["X-Page-Cache"] == "hit"

    clock.move_to(datetime.datetime(2027, 1, 12, 0, 0, 1, tzinfo=datetime.UTC))

    assert "Channel 4" not in page(client, "/schedule/")[1]
    assert "Channel 4" not in page(client, series.get_absolute_url())[1]


def test_a_cached_page_lives_until_its_next_item_and_browsers_no_longer(client, series, clock):
    AvailabilityFactory(
        production=series, available_from=datetime.date(2027, 1, 11),
        available_from_time=datetime.time(7, 0, 30), time_zone="UTC",
    )  # fmt: skip

    response, _ = page(client, "/schedule/")

    assert "max-age=30," in response["Cache-Control"]


def test_deleting_an_offer_in_the_admin_shows_at_once(
    client, series, editor, clock, django_capture_on_commit_callbacks
):
    offer = AvailabilityFactory(production=series, available_from=datetime.date(2027, 1, 20))
    assert "Coming to Netflix" in page(client, "/schedule/")[1]
    client.force_login(editor)
    delete = f"/admin/productions/availability/{offer.pk}/delete/"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete, {"post": "yes"}).status_code == 302

    client.logout()
    assert "Coming to Netflix" not in page(client, "/schedule/")[1]


def test_nothing_coming_says_so(client, clock):
    _, html = page(client, "/schedule/")

    assert "Nothing we know of comes out, arrives or leaves in the next six weeks." in html
    assert timezone.now() == NOW


def test_the_window_ends_six_weeks_ahead(client, series, clock):
    EpisodeFactory(
        season=SeasonFactory(production=series), number=1, air_date=datetime.date(2027, 2, 21)
    )
    EpisodeFactory(
        season=SeasonFactory(production=series, number=2),
        number=1,
        air_date=datetime.date(2027, 2, 22),
    )

    _, html = page(client, "/schedule/")

    assert "21 February" in html and "22 February" not in html
    assert Episode.objects.count() == 2


# == Where the calendar is found ============================================================


def test_the_sitemap_lists_the_schedule_and_no_article_can_take_its_address(client, db):
    from django.core.exceptions import ValidationError

    from articles.models import validate_article_slug

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://127.0.0.1:8000/schedule/</loc>" in sitemap
    with pytest.raises(ValidationError):
        validate_article_slug("schedule")
