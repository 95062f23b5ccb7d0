"""The release calendar stays one bounded page at 10,000 productions, episodes, offers and
explainers: a fixed number of queries, at most `LIMIT` items of each kind; a production's
"Coming up" is read from the rows its page loads anyway."""

import datetime

from django.utils import timezone

import pytest

from articles.models import Article
from productions.models import Availability, Episode, Production, Season
from reader import schedule
from tests.test_query_budgets import queries_for

#: Rows change through bulk inserts between requests (no service, so no purge).
pytestmark = [pytest.mark.django_db, pytest.mark.page_cache_off]

BIG = 10_000


def catalogue(count, start=0):
    """`count` productions, each with a season, an episode and an offer to come within the
    window, and a published explainer naming it (bulk inserts: only the size matters)."""
    today, day = timezone.localdate(), datetime.timedelta(days=1)
    productions = Production.objects.bulk_create(
        Production(title=f"Show {n:05d}", slug=f"show-{n:05d}", platform="Netflix")
        for n in range(start, start + count)
    )
    seasons = [
        Season(production=p, number=1, release_date=today + (n % 40) * day)
        for n, p in enumerate(productions)
    ]
    episodes = [
        Episode(season=s, number=1, title="Episode 1", air_date=s.release_date + day)
        for s in Season.objects.bulk_create([*map(_moments, seasons)])
    ]
    Episode.objects.bulk_create([*map(_moments, episodes)])
    offers = [
        Availability(
            production=p,
            platform="Netflix",
            available_from=today - 100 * day,
            available_until=today + (n % 41) * day,
        )
        for n, p in enumerate(productions)
    ]
    Availability.objects.bulk_create([*map(_moments, offers)])
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"About {p.title}",
            slug=f"about-{p.slug}",
            standfirst="A standfirst.",
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=1),
            first_published_at=now - datetime.timedelta(minutes=1),
        )
        for p in productions
    )
    through = Article.productions.through
    through.objects.bulk_create(
        through(article=a, production=p) for a, p in zip(articles, productions, strict=True)
    )
    return productions


def _moments(row):
    row.set_moments()
    return row


def test_the_schedule_costs_the_same_queries_at_10k_and_stays_bounded(
    client, django_assert_max_num_queries
):
    catalogue(3)
    few = queries_for(client, "/schedule/")
    catalogue(BIG - 3, start=3)

    with django_assert_max_num_queries(few):
        response = client.get("/schedule/")

    html = response.content.decode()
    assert html.count('class="schedule-item"') <= 4 * schedule.LIMIT
    assert html.count("Premieres on Netflix") <= schedule.LIMIT
    assert len(response.content) < 600_000
    assert queries_for(client, "/schedule.ics") <= few


def test_the_production_page_and_its_calendar_cost_the_same_at_10k(client):
    shows = catalogue(2)
    url = shows[0].get_absolute_url()
    few = queries_for(client, url)
    few_calendar = queries_for(client, "/productions/show-00000/schedule.ics")
    catalogue(BIG - 2, start=2)

    html = client.get(url).content.decode()

    assert "Coming up" in html and "Premieres on Netflix" in html
    assert queries_for(client, url) == few
    assert queries_for(client, "/productions/show-00000/schedule.ics") == few_calendar <= 4
