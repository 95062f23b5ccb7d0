"""Where to watch, on the article: the production's current offers, never an ended one,
not even from the anonymous page cache."""

import datetime
import zoneinfo

from django.utils import timezone

import pytest
import time_machine

from tests.factories import ArticleFactory, AvailabilityFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_away(db):
    return ProductionFactory(title="Run Away", slug="run-away")


@pytest.fixture
def explainer(run_away):
    article = ArticleFactory(published=True, title="Is Run Away a true story?")
    article.productions.add(run_away)
    return article


def test_the_article_says_where_the_production_streams_now(client, explainer, run_away):
    AvailabilityFactory(
        production=run_away, platform="Netflix", available_from=datetime.date(2026, 1, 1)
    )
    html = client.get(explainer.get_absolute_url()).content.decode()
    assert "Where to watch" in html
    assert "Streaming on <strong>Netflix</strong> since" in html
    assert "1 January 2026" in html


def test_an_ended_offer_is_never_shown(client, explainer, run_away):
    today = timezone.localdate()
    AvailabilityFactory(
        production=run_away,
        platform="OldFlix",
        available_from=today - datetime.timedelta(days=30),
        available_until=today - datetime.timedelta(days=1),
    )
    AvailabilityFactory(
        production=run_away, platform="SoonFlix", available_from=today + datetime.timedelta(days=3)
    )
    html = client.get(explainer.get_absolute_url()).content.decode()
    assert "OldFlix" not in html and "SoonFlix" not in html
    assert "Where to watch" not in html


def test_the_page_cache_never_serves_an_offer_past_its_end(client, settings, explainer, run_away):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    last_day = datetime.date(2026, 12, 31)
    AvailabilityFactory(
        production=run_away,
        platform="Netflix",
        available_from=datetime.date(2026, 1, 1),
        available_until=last_day,
    )
    evening = datetime.datetime(2026, 12, 31, 23, 58, tzinfo=zone)
    with time_machine.travel(evening, tick=False):
        first = client.get(explainer.get_absolute_url())
        assert "Netflix" in first.content.decode()
        again = client.get(explainer.get_absolute_url())
        assert again["X-Page-Cache"] == "hit" and "Netflix" in again.content.decode()
    with time_machine.travel(evening + datetime.timedelta(minutes=3), tick=False):
        html = client.get(explainer.get_absolute_url()).content.decode()
    assert "Streaming on" not in html


def test_the_production_page_and_the_article_agree(client, explainer, run_away):
    AvailabilityFactory(production=run_away, platform="Netflix", country="GB")
    article_html = client.get(explainer.get_absolute_url()).content.decode()
    production_html = client.get(run_away.get_absolute_url()).content.decode()
    assert "Netflix" in article_html and "Where to watch in the United Kingdom" in article_html
    assert "Netflix" in production_html and "in the United Kingdom" in production_html
