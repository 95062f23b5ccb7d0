"""A production's page: facts, where to watch now, cast and crew, quotes and explainers."""

import datetime

from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    QuoteFactory,
    library_image,
)


def test_production_page_shows_poster_kind_year_platform_episodes_and_based_on(client, db):
    novel = ProductionFactory(title="Run Away", kind="novel", year=2019, platform="Century")
    series = ProductionFactory(
        title="Run Away",
        year=2026,
        episode_count=8,
        platform="Netflix",
        based_on=novel,
        poster=library_image("poster.png"),
        poster_alt="Run Away poster",
        poster_credit="Image via Netflix",
    )

    html = client.get(series.get_absolute_url()).content.decode()

    assert 'alt="Run Away poster" width="8" height="6"' in html
    assert "Image via Netflix" in html
    assert "<dd>TV series</dd>" in html
    assert "<dd>Netflix</dd>" in html
    assert "<dt>Episodes</dt><dd>8</dd>" in html
    assert f'<a href="{novel.get_absolute_url()}"><cite>Run Away</cite></a>' in html
    # And the novel links back to what adapted it.
    novel_html = client.get(novel.get_absolute_url()).content.decode()
    assert f'href="{series.get_absolute_url()}"' in novel_html


def test_where_to_watch_lists_current_offers_and_says_when_a_future_one_comes(client, db):
    production = ProductionFactory()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    AvailabilityFactory(production=production, platform="Netflix", available_from=today - day)
    AvailabilityFactory(
        production=production,
        platform="Expired TV",
        available_from=today - 10 * day,
        available_until=today - day,
    )
    AvailabilityFactory(production=production, platform="Future TV", available_from=today + day)

    html = client.get(production.get_absolute_url()).content.decode()

    assert "Netflix" in html
    assert "Expired TV" not in html
    # A future offer is not "available now": it says when it comes (tests/test_schedule.py).
    assert "Coming to Future TV on" in html


def test_cast_shows_characters_and_crew_shows_roles(client, db):
    production = ProductionFactory()
    actor = PersonFactory(name="Minnie Driver")
    CreditFactory(person=actor, production=production, character_name="Ingrid Greene")
    creator = PersonFactory(name="Harlan Coben")
    CreditFactory(person=creator, production=production, role="creator", character_name="")

    html = client.get(production.get_absolute_url()).content.decode()

    assert f'<a href="{actor.get_absolute_url()}">Minnie Driver</a>' in html
    assert "as</span> Ingrid Greene" in html
    creator_link = f'<a href="{creator.get_absolute_url()}">Harlan Coben</a>'
    assert f'{creator_link} <span class="muted">creator' in html


def test_quotes_and_published_explainers_about_it(client, db):
    production = ProductionFactory()
    quote = QuoteFactory(text="It was the seed that started this show.")
    quote.productions.add(production)
    ArticleFactory(published=True, title="Public explainer").productions.add(production)
    ArticleFactory(title="Draft explainer", status=Article.Status.DRAFT).productions.add(production)

    html = client.get(production.get_absolute_url()).content.decode()

    assert "It was the seed that started this show." in html
    assert "Public explainer" in html
    assert "Draft explainer" not in html
    assert f'href="/productions/{production.slug}/feed/"' in html


def test_unknown_production_is_404(client, db):
    assert client.get("/productions/nothing/").status_code == 404
