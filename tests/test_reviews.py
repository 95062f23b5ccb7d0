"""Reviews with a verdict: a score on its scale, a one-line verdict and the work reviewed, on
the review's page and in its `Review` data; critic reviews on the production's page."""

import datetime
import json
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from articles.models import Article
from articles.revisions.snapshots import field_label
from discussion.models import ProductionRating
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    ProductionFactory,
    RatingFactory,
    season_with_episodes,
)
from tests.test_query_budgets import queries_for
from tests.workflow_forms import ADD_URL, article_form_data, change_url

pytestmark = pytest.mark.django_db


def jsonld(response):
    """Every JSON-LD object the page declares."""
    found = []
    html = response.content.decode()
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        found += data if isinstance(data, list) else [data]
    return found


def of_type(objects, kind):
    return [data for data in objects if data.get("@type") == kind]


@pytest.fixture
def series():
    return ProductionFactory(title="Run Away", slug="run-away")


@pytest.fixture
def episodes(series):
    return season_with_episodes(series, count=3)


def make_review(series, *, published=True, **fields):
    values = {
        "kind": Article.Kind.REVIEW,
        "title": "Run Away review",
        "review_scale": 5,
        "review_score": Decimal(4),
        "review_verdict": "A twisty, binge-worthy thriller.",
        "reviewed_production": series,
        **fields,
    }
    review = ArticleFactory(published=published, **values)
    review.productions.add(series)
    return review


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("scale", "score", "problem"),
    [
        (5, "4.5", False),
        (5, "1", False),
        (5, "5", False),
        (5, "4.3", True),
        (5, "5.5", True),
        (5, "0.5", True),
        (10, "8", False),
        (10, "7.5", True),
        (10, "11", True),
        (None, "4", True),
    ],
)
def test_a_score_must_sit_on_its_scale(series, scale, score, problem):
    review = Article(
        kind=Article.Kind.REVIEW,
        review_scale=scale,
        review_score=Decimal(score),
        reviewed_production=series,
    )
    if problem:
        with pytest.raises(ValidationError) as refused:
            review.clean()
        assert "review_score" in refused.value.message_dict
    else:
        review.clean()


def test_a_review_reviews_exactly_one_work(series, episodes):
    both = Article(
        kind=Article.Kind.REVIEW,
        review_scale=5,
        review_score=Decimal(4),
        reviewed_production=series,
        reviewed_episode=episodes[0],
    )
    with pytest.raises(ValidationError) as refused:
        both.clean()
    assert "keep only one" in str(refused.value)

    nothing = Article(kind=Article.Kind.REVIEW, review_scale=5, review_score=Decimal(4))
    with pytest.raises(ValidationError) as refused:
        nothing.clean()
    assert "Say what it reviews" in str(refused.value)


def test_only_a_review_carries_a_score(series):
    news = Article(kind=Article.Kind.NEWS, review_scale=5, review_score=Decimal(4))
    with pytest.raises(ValidationError) as refused:
        news.clean()
    assert "Only a review carries a score" in refused.value.message_dict["kind"][0]


def test_the_database_refuses_a_score_off_its_scale_or_on_another_kind(series):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(kind=Article.Kind.REVIEW, review_scale=5, review_score=Decimal(7))
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(kind=Article.Kind.NEWS, reviewed_production=series)


def test_scores_read_as_readers_say_them(series):
    half = make_review(series, review_score=Decimal("3.5"))
    assert half.score_display == "3.5/5"
    assert half.score_words == "3.5 out of 5"
    assert half.score_stars == ["full", "full", "full", "half", "empty"]
    ten = make_review(series, review_scale=10, review_score=Decimal(8))
    assert ten.score_display == "8/10"
    assert ten.score_stars == []


def test_the_history_names_the_review_fields():
    names = {name: field_label(Article._meta.get_field(name)) for name in ("review_score",)}
    assert names == {"review_score": "Review score"}
    assert field_label(Article._meta.get_field("reviewed_season")) == "Reviews the season"


# --------------------------------------------------------------------------- the admin


def test_the_admin_shows_review_fields_for_a_new_piece_and_a_review_only(client, editor, series):
    client.force_login(editor)
    assert 'name="review_score"' in client.get(ADD_URL).content.decode()
    review = make_review(series, authors=[editor])
    assert 'name="review_score"' in client.get(change_url(review)).content.decode()
    news = ArticleFactory(kind=Article.Kind.NEWS, authors=[editor])
    assert 'name="review_score"' not in client.get(change_url(news)).content.decode()


def test_the_admin_saves_a_review_of_a_season(client, editor, series, episodes):
    client.force_login(editor)
    season = episodes[0].season
    data = article_form_data(
        kind="review",
        title="Run Away season 1 review",
        slug="run-away-season-1-review",
        productions=[series.pk],
        review_scale="5",
        review_score="4.5",
        review_verdict="Gripping to the last minute.",
        reviewed_season=season.pk,
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    review = Article.objects.get(slug="run-away-season-1-review")
    assert (review.review_score, review.reviewed_season) == (Decimal("4.5"), season)


def test_the_admin_refuses_a_review_of_a_work_it_does_not_cover_and_keeps_the_input(
    client, editor, series
):
    client.force_login(editor)
    data = article_form_data(
        kind="review",
        slug="a-review",
        review_scale="10",
        review_score="7",
        review_verdict="Worth a look.",
        reviewed_production=series.pk,
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "add it under Covers" in form.errors["reviewed_production"][0]
    html = response.content.decode()
    assert 'value="Worth a look."' in html and 'name="review_score" value="7"' in html
    assert not Article.objects.filter(slug="a-review").exists()


def test_the_admin_refuses_a_score_when_a_review_becomes_another_kind(client, editor, series):
    client.force_login(editor)
    review = make_review(series, published=False, authors=[editor])
    response = client.post(change_url(review), article_form_data(review, kind="news"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Only a review carries a score" in errors["kind"][0]
    review.refresh_from_db()
    assert review.kind == Article.Kind.REVIEW


# --------------------------------------------------------------------------- the review page


def test_the_review_page_shows_the_score_in_words_the_verdict_and_the_work(
    client, series, episodes
):
    review = make_review(
        series,
        review_score=Decimal("3.5"),
        reviewed_production=None,
        reviewed_season=episodes[0].season,
    )
    html = client.get(review.get_absolute_url()).content.decode()
    assert "Rated 3.5 out of 5" in html
    assert '<span aria-hidden="true">3.5/5</span>' in html
    assert "A twisty, binge-worthy thriller." in html
    assert 'href="/productions/run-away/#season-1"' in html
    assert html.index("A twisty, binge-worthy thriller.") < html.index('class="standfirst"')


def test_a_review_of_a_season_is_a_review_of_a_tvseason_in_its_series(client, series, episodes):
    author = ContributorFactory(name="Juno Tallis")
    review = make_review(
        series, reviewed_production=None, reviewed_season=episodes[0].season, byline=[author]
    )
    data = of_type(jsonld(client.get(review.get_absolute_url())), "Review")[0]
    assert data["itemReviewed"]["@type"] == "TVSeason"
    assert data["itemReviewed"]["seasonNumber"] == 1
    assert data["itemReviewed"]["partOfSeries"]["@type"] == "TVSeries"
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4.0,
        "bestRating": 5,
        "worstRating": 1,
    }
    [person] = data["author"]
    assert (person["@type"], person["name"]) == ("Person", "Juno Tallis")
    assert person["url"].endswith(author.get_absolute_url())
    assert data["name"] == data["reviewBody"] == "A twisty, binge-worthy thriller."
    assert data["publisher"]["@id"] == f"{settings.SITE_URL}/#organization"
    assert data["datePublished"]


def test_a_review_of_an_episode_names_its_season_and_series(client, series, episodes):
    review = make_review(series, reviewed_production=None, reviewed_episode=episodes[1])
    item = of_type(jsonld(client.get(review.get_absolute_url())), "Review")[0]["itemReviewed"]
    assert item["@type"] == "TVEpisode"
    assert item["episodeNumber"] == 2
    assert item["partOfSeason"]["seasonNumber"] == 1
    assert item["partOfSeries"]["name"] == "Run Away"


def test_a_film_review_reviews_a_movie(client):
    film = ProductionFactory(kind="film", title="The Lake")
    review = make_review(film, reviewed_production=film, review_scale=10, review_score=Decimal(7))
    data = of_type(jsonld(client.get(review.get_absolute_url())), "Review")[0]
    assert data["itemReviewed"]["@type"] == "Movie"
    assert data["reviewRating"]["bestRating"] == 10


def test_the_article_page_never_carries_an_aggregate_rating(client, series):
    review = make_review(series)
    for number in range(5):
        RatingFactory(article=review, value=5, voter_key=f"g:{number}")
        ProductionRating.objects.create(production=series, voter_key=f"g:{number}", value=4)
    html = client.get(review.get_absolute_url()).content.decode()
    assert "AggregateRating" not in html and "aggregateRating" not in html


def test_a_piece_of_another_kind_has_no_review_data(client, series):
    article = ArticleFactory(published=True, kind=Article.Kind.NEWS)
    assert of_type(jsonld(client.get(article.get_absolute_url())), "Review") == []


# --------------------------------------------------------------------------- the production page


def test_the_production_page_lists_published_critic_reviews_of_it_and_its_parts(
    client, series, episodes
):
    critic = ContributorFactory(name="Juno Tallis")
    make_review(series, title="Series review", byline=[critic])
    make_review(
        series,
        title="Episode review",
        reviewed_production=None,
        reviewed_episode=episodes[0],
        review_scale=10,
        review_score=Decimal(8),
    )
    make_review(series, title="Draft review", published=False)
    ArticleFactory(published=True, kind=Article.Kind.NEWS, title="News piece").productions.add(
        series
    )
    html = client.get(series.get_absolute_url()).content.decode()
    reviews = html[
        html.index('id="reviews"') : html.index("</section>", html.index('id="reviews"'))
    ]
    assert "Series review" in reviews and "Episode review" in reviews
    assert "Draft review" not in reviews and "News piece" not in reviews
    assert "Rated 8 out of 10" in reviews and "(S1E1)" in reviews
    assert "By Juno Tallis" in reviews


def test_the_production_page_has_no_reviews_section_without_reviews(client, series):
    html = client.get(series.get_absolute_url()).content.decode()
    assert 'id="reviews"' not in html


@pytest.mark.page_cache_off
def test_critic_reviews_cost_the_same_queries_at_10k_articles(client, series):
    make_review(series)
    url = series.get_absolute_url()
    few = queries_for(client, url)
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Review {n:05d}",
            slug=f"review-{n:05d}",
            standfirst="A standfirst.",
            kind=Article.Kind.REVIEW,
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=n + 1),
            first_published_at=now - datetime.timedelta(minutes=n + 1),
            review_scale=5,
            review_score=Decimal(3),
            review_verdict="Fine.",
            reviewed_production=series,
        )
        for n in range(10_000)
    )
    through = Article.productions.through
    through.objects.bulk_create(through(article=a, production=series) for a in articles)

    response = client.get(url)
    html = response.content.decode()
    reviews = html[
        html.index('id="reviews"') : html.index("</section>", html.index('id="reviews"'))
    ]
    assert reviews.count('class="critic-review"') == 6
    assert queries_for(client, url) == few
