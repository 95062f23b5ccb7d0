"""Readers rate a production itself: its page's audience score and its aggregateRating, shown
once three readers rated it, with an explainer's anti-abuse rules (one per voter, rate limits,
bans, a page with a token when JavaScript or the token is missing)."""

import json
import re

from django.core.exceptions import PermissionDenied
from django.test import Client

import pytest

from discussion import services
from discussion.models import Ban, ProductionRating
from tests.factories import ArticleFactory, ProductionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

JS = {"x-requested-with": "XMLHttpRequest", "accept": "application/json"}


@pytest.fixture
def series():
    show = ProductionFactory(title="Run Away", slug="run-away")
    ArticleFactory(published=True).productions.add(show)
    return show


def rate_url(production):
    return f"/discussion/production/{production.pk}/rate/"


def production_data(client, production):
    html = client.get(production.get_absolute_url()).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return html, json.loads(block)


def test_a_reader_rates_the_show_and_is_thanked_on_a_page_of_their_own(client, series):
    response = client.post(rate_url(series), {"stars": "4"})

    assert response.status_code == 200
    assert "Thank you: you rated Run Away 4 out of 5." in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert ProductionRating.objects.get().value == 4


def test_rating_again_changes_it_instead_of_adding_one(client, series):
    client.post(rate_url(series), {"stars": "2"})
    response = client.post(rate_url(series), {"stars": "5"}, headers=JS)

    assert response.json() == {"ok": True, "rating": 5, "average": 5.0, "count": 1}
    assert ProductionRating.objects.get().value == 5


@pytest.mark.parametrize("stars", ["0", "6", "abc", "", "3.5"])
def test_a_rating_out_of_range_is_refused_with_a_message(client, series, stars):
    response = client.post(rate_url(series), {"stars": stars})

    assert response.status_code == 400
    assert "Choose a rating from 1 to 5 stars." in response.content.decode()
    assert not ProductionRating.objects.exists()


def test_the_score_and_aggregate_rating_show_from_three_ratings(
    client, series, django_capture_on_commit_callbacks
):
    for stars in (5, 4):
        Client().post(rate_url(series), {"stars": stars})
    html, data = production_data(client, series)
    assert "Not enough ratings yet: 1 more before the average shows" in html
    assert "aggregateRating" not in data

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(rate_url(series), {"stars": "3"})
    html, data = production_data(client, series)
    assert "<strong>4.0</strong> out of 5 from 3 reader ratings" in html
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.0,
        "ratingCount": 3,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_a_post_without_a_token_lands_on_the_page_with_one_and_keeps_the_stars(series):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(rate_url(series), {"stars": "4"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="4" class="button is-chosen"' in html
    assert not ProductionRating.objects.exists()


def test_ratings_are_rate_limited(client, series, settings):
    settings.DISCUSSION_RATE_LIMITS = {**settings.DISCUSSION_RATE_LIMITS, "rating": "2/m"}
    other = ProductionFactory()
    ArticleFactory(published=True).productions.add(other)
    client.post(rate_url(series), {"stars": "4"})
    client.post(rate_url(other), {"stars": "4"})

    response = client.post(rate_url(series), {"stars": "5"}, headers=JS)

    assert response.status_code == 429
    assert ProductionRating.objects.get(production=series).value == 4


def test_a_banned_address_cannot_rate(client, series):
    Ban.objects.create(ip="127.0.0.1", reason="Spam")

    response = client.post(rate_url(series), {"stars": "5"}, REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 403
    assert not ProductionRating.objects.exists()


def test_a_production_only_a_draft_names_cannot_be_rated(client):
    hidden = ProductionFactory()
    ArticleFactory().productions.add(hidden)

    assert client.post(rate_url(hidden), {"stars": "5"}).status_code == 404
    assert not ProductionRating.objects.exists()


def test_a_rating_shows_at_once_on_the_cached_page(
    client, series, django_capture_on_commit_callbacks
):
    for stars in (5, 4):
        Client().post(rate_url(series), {"stars": stars})
    assert "Not enough ratings yet" in client.get(series.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(rate_url(series), {"stars": "3"})

    assert "from 3 reader ratings" in client.get(series.get_absolute_url()).content.decode()


def test_a_moderator_removes_a_rating_and_the_score_follows(series, moderator):
    for number, stars in enumerate((5, 1, 3)):
        services.production_rating_set(production=series, voter_key=f"g:{number}", value=stars)
    fraud = ProductionRating.objects.get(value=1)

    services.production_rating_remove(rating=fraud, moderator=moderator)

    score = ProductionRating.objects.score_of(series)
    assert (score.count, score.average, score.shown) == (2, 4.0, False)


def test_a_reader_cannot_remove_ratings(series, reader):
    services.production_rating_set(production=series, voter_key="g:1", value=5)
    with pytest.raises(PermissionDenied):
        services.production_rating_remove(rating=ProductionRating.objects.get(), moderator=reader)
    assert ProductionRating.objects.exists()
