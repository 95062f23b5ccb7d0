"""Search reads a stored document on PostgreSQL (kept by the services) and the text on SQLite."""

import datetime

from django.db import connection
from django.utils import timezone

import pytest

from articles import services
from articles.models import Article, ArticleBlock
from tests.factories import ArticleFactory, BlockFactory, HeadingBlockFactory, ProductionFactory


def found(client, words):
    response = client.get("/search/", {"q": words, "type": "articles"})
    return [article.title for article in response.context["sections"][0]["items"]]


@pytest.fixture
def explainer(db):
    article = ArticleFactory(
        published=True, title="Is Run Away a true story?", standfirst="Coben's own fears."
    )
    HeadingBlockFactory(article=article, heading="The park in Manhattan")
    BlockFactory(article=article, text="<p>A <strong>strawberry</strong> field.</p>")
    return article


@pytest.mark.parametrize("words", ["run away", "coben fears", "manhattan park", "strawberry"])
def test_search_finds_title_standfirst_heading_and_body_words(client, explainer, words):
    assert found(client, words) == ["Is Run Away a true story?"]


@pytest.mark.postgres
def test_postgres_search_matches_the_stored_document_only(client, explainer):
    # Changed behind the services' back: the stored document still has the old words.
    Article.objects.filter(pk=explainer.pk).update(title="Renamed quietly")

    assert found(client, "run away") == ["Renamed quietly"]
    assert found(client, "renamed") == []


@pytest.mark.postgres
def test_editing_the_body_through_the_service_updates_the_search_document(
    client, explainer, editor
):
    ArticleBlock.objects.filter(article=explainer, kind=ArticleBlock.Kind.RICH_TEXT).update(
        text="<p>A raspberry patch.</p>"
    )
    assert found(client, "raspberry") == []

    services.article_record_edit(article=explainer, previous_slug=explainer.slug, user=editor)

    assert found(client, "raspberry") == ["Is Run Away a true story?"]
    assert found(client, "strawberry") == []


@pytest.mark.postgres
def test_publishing_through_the_service_makes_the_words_searchable(client, db, editor):
    draft = ArticleFactory(
        title="Fool Me Once explained", status=Article.Status.IN_REVIEW, with_hero=True
    )
    BlockFactory(article=draft, text="<p>The nanny cam.</p>")
    Article.objects.filter(pk=draft.pk).update(search_vector=None)

    services.article_publish(article=draft, user=editor)

    assert found(client, "nanny") == ["Fool Me Once explained"]


def test_the_search_document_is_stored_only_on_postgres(explainer):
    explainer.refresh_from_db()

    assert (explainer.search_vector is not None) == (connection.vendor == "postgresql")


def test_search_results_cost_the_same_queries_with_many_matches(
    client, db, django_assert_max_num_queries
):
    for n in range(30):
        ArticleFactory(published=True, title=f"Ending explained {n}")

    with django_assert_max_num_queries(6):
        response = client.get("/search/", {"q": "ending", "type": "articles"})

    assert response.context["sections"][0]["page"].paginator.count == 30


def test_related_articles_rank_only_the_newest_candidates_of_each_kind(db):
    production = ProductionFactory()
    article = ArticleFactory(published=True)
    article.productions.add(production)
    article.tags.add("thrillers")
    now = timezone.now()
    newest_tag_only = ArticleFactory(published=True, publish_at=now - datetime.timedelta(days=1))
    newest_tag_only.tags.add("thrillers")
    older_everything = ArticleFactory(published=True, publish_at=now - datetime.timedelta(days=9))
    older_everything.productions.add(production)
    older_everything.tags.add("thrillers")

    related = list(Article.objects.published().related_to(article, candidates=1))

    # Among tag sharers only the newest is a candidate; the production sharer comes in
    # by its production, and still ranks first.
    assert related == [older_everything, newest_tag_only]
