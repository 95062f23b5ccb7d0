"""A list's total ("Page 1 of 2") is counted once per change to the public explainers, and a
publish, an unpublish or an edit that moves an explainer in or out of a list renews it."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from articles import services
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    EpisodeFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
    SeasonFactory,
)


@pytest.fixture(autouse=True)
def no_clock_skew(monkeypatch):
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)


@pytest.fixture
def reader(client):
    """A reader with a session: the page cache steps aside, so each page is rendered."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
    return client


def counted(client, url):
    """(page HTML, whether the page counted its explainers)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    counts = [
        query
        for query in context
        if query["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "articles_article"')
    ]
    return response.content.decode(), bool(counts)


@pytest.fixture
def world(db):
    person, production = PersonFactory(slug="harlan-coben"), ProductionFactory(slug="run-away")
    episode = EpisodeFactory(season=SeasonFactory(production=production, number=1), number=1)
    return person, production, QuoteFactory(speaker=person), episode


def in_every_list(article, world):
    """`article` in every list: home, a tag, a person, a production, a quote's uses, an
    episode."""
    person, production, quote, episode = world
    article.episodes.add(episode)
    article.tags.add("thrillers")
    article.people.add(person)
    article.productions.add(production)
    QuoteBlockFactory(article=article, quote=quote)
    return article


#: Each list and how many explainers fill its first page.
LISTS = [
    ("/", 12),
    ("/tags/thrillers/", 12),
    ("/people/harlan-coben/", 10),
    ("/productions/run-away/", 10),
    ("quote", 12),
    ("/productions/run-away/s1e1/", 10),
]


@pytest.mark.parametrize(("url", "page_size"), LISTS)
def test_a_lists_total_is_counted_once_then_renewed_by_a_publish(
    reader, editor, world, url, page_size, django_capture_on_commit_callbacks
):
    url = world[2].get_absolute_url() if url == "quote" else url
    for _ in range(page_size):
        in_every_list(ArticleFactory(published=True), world)
    page, did_count = counted(reader, url)
    assert did_count and "Page 1 of 2" not in page
    page, did_count = counted(reader, url)
    assert not did_count and "Page 1 of 2" not in page

    draft = in_every_list(ArticleFactory(with_hero=True, allow_comments=False), world)
    BlockFactory(article=draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=draft, user=editor)

    page, did_count = counted(reader, url)
    assert did_count and "Page 1 of 2" in page


def test_an_unpublished_explainer_leaves_the_total(
    reader, editor, db, django_capture_on_commit_callbacks
):
    *_, extra = [ArticleFactory(published=True) for _ in range(13)]
    assert "Page 1 of 2" in counted(reader, "/")[0]

    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=extra, user=editor)

    assert "Page 1 of 2" not in counted(reader, "/")[0]
