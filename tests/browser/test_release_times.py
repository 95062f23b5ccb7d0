"""Release times in the reader's own zone: the cached page says "08:00 UTC"; in a browser in
New York the script rewrites it as 03:00 (04:00 in summer) New York time, and a date alone
stays on its day."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import AvailabilityFactory, EpisodeFactory, ProductionFactory, SeasonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def calendar(live_server, settings):
    settings.TIME_ZONE = "UTC"
    series = ProductionFactory(title="Run Away", slug="run-away", platform="Netflix")
    day = timezone.localdate() + datetime.timedelta(days=10)
    AvailabilityFactory(
        production=series,
        platform="BBC iPlayer",
        available_from=day,
        available_from_time=datetime.time(8, 0),
        time_zone="UTC",
    )
    EpisodeFactory(season=SeasonFactory(production=series), number=1, air_date=day)
    return live_server.url, day


@pytest.mark.parametrize("script", [True, False], ids=["javascript", "no-javascript"])
def test_a_time_moves_to_the_readers_zone_and_a_date_never_does(browser, calendar, script):
    url, day = calendar
    context = browser.new_context(
        timezone_id="America/New_York", locale="en-GB", java_script_enabled=script
    )
    page = context.new_page()
    page.goto(f"{url}/productions/run-away/")

    timed = page.locator("time[data-local-time]").first
    dated = page.locator(f'.schedule-item time[datetime="{day.isoformat()}"]').first
    if script:
        shown = timed.inner_text()
        assert ("03:00" in shown or "04:00" in shown) and "UTC" not in shown, shown
        assert timed.get_attribute("title").endswith("08:00 UTC")
    else:
        assert timed.inner_text().endswith("08:00 UTC")
    # A date alone keeps its day (as a moment, midnight UTC is the evening before in New York).
    assert dated.inner_text().startswith(f"{day.day} {day:%B}")
    assert dated.get_attribute("data-local-time") is None
    context.close()
