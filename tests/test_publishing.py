"""Who sees an article when: `Article.objects.published()` is the one public gate."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from articles.models import Article
from tests.factories import ArticleFactory, BlockFactory, ProductionFactory

pytestmark = pytest.mark.django_db

PUBLISH_AT = datetime.datetime(2026, 1, 1, 6, 0, tzinfo=datetime.UTC)


def public_titles():
    return set(Article.objects.published().values_list("title", flat=True))


def test_published_articles_are_public():
    ArticleFactory(published=True, title="Out now")

    assert public_titles() == {"Out now"}


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED]
)
def test_drafts_articles_in_review_and_archived_ones_are_not_public(status):
    # Even with a publish time in the past, the status keeps them private.
    ArticleFactory(status=status, publish_at=timezone.now() - datetime.timedelta(days=3))

    assert public_titles() == set()


def test_a_scheduled_article_appears_by_itself_at_its_time():
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=PUBLISH_AT, title="New year")

    with time_machine.travel(PUBLISH_AT - datetime.timedelta(seconds=1), tick=False):
        assert public_titles() == set()
    with time_machine.travel(PUBLISH_AT, tick=False):
        assert public_titles() == {"New year"}
    with time_machine.travel(PUBLISH_AT + datetime.timedelta(days=30), tick=False):
        assert public_titles() == {"New year"}


def test_a_published_article_with_a_future_time_waits_for_it():
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + datetime.timedelta(hours=2),
        title="Embargoed",
    )

    assert public_titles() == set()


def test_published_accepts_the_moment_to_ask_about():
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=PUBLISH_AT, title="New year")

    assert not Article.objects.published(now=PUBLISH_AT - datetime.timedelta(minutes=1)).exists()
    assert Article.objects.published(now=PUBLISH_AT).exists()


def test_is_public_agrees_with_the_queryset():
    shown = ArticleFactory(published=True)
    waiting = ArticleFactory(scheduled=True)
    draft = ArticleFactory()

    public = set(Article.objects.published())

    assert [a in public for a in (shown, waiting, draft)] == [True, False, False]
    assert [a.is_public for a in (shown, waiting, draft)] == [True, False, False]


def test_the_article_page_is_shown_once_published(client):
    article = ArticleFactory(published=True)
    BlockFactory(article=article, text="<p>The body of the explainer.</p>")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "The body of the explainer." in response.content.decode()


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.ARCHIVED, "publish_at": PUBLISH_AT},
        {"status": Article.Status.SCHEDULED, "publish_at": PUBLISH_AT + datetime.timedelta(days=9)},
    ],
    ids=["draft", "in review", "archived", "scheduled for later"],
)
def test_the_article_page_is_404_until_the_public_may_see_it(client, state):
    with time_machine.travel(PUBLISH_AT, tick=False):
        article = ArticleFactory(**state)

        response = client.get(article.get_absolute_url())

    assert response.status_code == 404


def test_a_scheduled_article_page_goes_live_at_its_time(client):
    article = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=PUBLISH_AT)

    with time_machine.travel(PUBLISH_AT - datetime.timedelta(minutes=5), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(PUBLISH_AT + datetime.timedelta(minutes=5), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_home_page_lists_only_public_articles(client):
    ArticleFactory(published=True, title="Is Run Away a true story?")
    ArticleFactory(scheduled=True, title="Not yet")
    ArticleFactory(title="A draft nobody sees")

    page = client.get("/").content.decode()

    assert "Is Run Away a true story?" in page
    assert "Not yet" not in page
    assert "A draft nobody sees" not in page


def test_a_scheduled_article_joins_the_related_list_at_its_time(client):
    production = ProductionFactory()
    earlier = datetime.timedelta(days=3)
    reading = ArticleFactory(published=True, title="Read now", publish_at=PUBLISH_AT - earlier)
    scheduled = ArticleFactory(
        status=Article.Status.SCHEDULED, title="Coming at six", publish_at=PUBLISH_AT
    )
    for article in (reading, scheduled):
        article.productions.add(production)

    with time_machine.travel(PUBLISH_AT - datetime.timedelta(minutes=5), tick=False):
        assert "Coming at six" not in client.get(reading.get_absolute_url()).content.decode()
    # No service runs at six: the list kept for the page must not outlive that time.
    with time_machine.travel(PUBLISH_AT + datetime.timedelta(minutes=5), tick=False):
        assert "Coming at six" in client.get(reading.get_absolute_url()).content.decode()
