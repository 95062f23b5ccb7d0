"""The demo's review of Run Away season 1 and its readers' stars for the series."""

import io
from decimal import Decimal

from django.core.management import call_command

import pytest

from articles.demo.reviews import REVIEW_SLUG
from articles.models import Article
from discussion.models import ProductionRating
from productions.models import Production

pytestmark = pytest.mark.django_db


def load(command):
    call_command(command, stdout=io.StringIO())


def test_the_demo_has_a_scored_review_of_run_away_season_1_by_its_guest_critic(client):
    load("load_demo")
    load("load_demo")

    review = Article.objects.get(slug=REVIEW_SLUG)
    assert review.kind == Article.Kind.REVIEW and review.is_public
    assert (review.review_score, review.review_scale) == (Decimal(4), 5)
    assert str(review.reviewed_season) == "Run Away, season 1"
    assert [c.name for c in review.byline] == ["Juno Tallis"]
    html = client.get(review.get_absolute_url()).content.decode()
    assert "Rated 4 out of 5" in html and '"@type":"Review"' in html
    series = client.get("/productions/run-away/").content.decode()
    assert "Critic reviews" in series and review.title.replace("'", "&#x27;") in series


def test_the_demo_discussion_rates_run_away_once_and_shows_its_audience_score(client):
    load("load_demo")
    load("load_demo_discussion")
    load("load_demo_discussion")

    series = Production.objects.get(slug="run-away")
    score = ProductionRating.objects.score_of(series)
    assert (score.count, score.average, score.shown) == (5, 4.2, True)
    assert '"aggregateRating"' in client.get(series.get_absolute_url()).content.decode()
