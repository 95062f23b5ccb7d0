"""List pages cost the same number of queries with a few items or many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BlockFactory,
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
)

#: Rows change through factories between requests (no service, so no purge).
pytestmark = pytest.mark.page_cache_off


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


@pytest.fixture
def world(db):
    production = ProductionFactory(slug="run-away")
    person = PersonFactory(slug="harlan-coben")
    return production, person


def add_items(count, production, person, start=0):
    """`count` of everything a list page shows: articles with blocks, quotes, credits, offers."""
    for n in range(start, start + count):
        article = ArticleFactory(published=True, title=f"Run Away explainer {n}")
        article.tags.add("thrillers")
        article.productions.add(production)
        article.people.add(person)
        BlockFactory(article=article)
        quote = QuoteFactory(speaker=person, text=f"Run Away quote {n}")
        quote.productions.add(production)
        QuoteBlockFactory(article=article, quote=quote)
        CreditFactory(production=production, person=PersonFactory())
        CreditFactory(person=person, production=ProductionFactory())
        AvailabilityFactory(production=production, platform=f"Platform {n}")


URLS = [
    "/",
    "/tags/thrillers/",
    "/people/harlan-coben/",
    "/productions/run-away/",
    "/search/?q=run",
    "/search/?q=run&type=quotes",
    "/feed/",
    "/tags/thrillers/feed/atom/",
    "/sitemap.xml",
]


#: Pages allowed more than 12 queries, and why.
BUDGETS = {
    # One query per section while every address fits on one page, and the standing
    # section dates the corrections log.
    "/sitemap.xml": 14,
    # Critic reviews (the reviews, then their bylines), readers' average and count, and the
    # ranked lists featuring it: four queries, whatever the number of each.
    "/productions/run-away/": 14,
}


@pytest.mark.parametrize("url", URLS)
def test_list_page_queries_do_not_grow_with_items(client, world, url):
    add_items(2, *world)
    few = queries_for(client, url)

    add_items(10, *world, start=2)
    many = queries_for(client, url)

    assert many == few, f"{url}: {few} queries with 2 items, {many} with 12"
    assert many <= BUDGETS.get(url, 12)


def test_quote_page_queries_do_not_grow_with_articles_using_it(client, db):
    quote = QuoteFactory()
    quote.productions.add(ProductionFactory())
    QuoteBlockFactory(quote=quote, article=ArticleFactory(published=True))
    few = queries_for(client, quote.get_absolute_url())

    for _ in range(8):
        QuoteBlockFactory(quote=quote, article=ArticleFactory(published=True))
        quote.productions.add(ProductionFactory())
    many = queries_for(client, quote.get_absolute_url())

    assert many == few


@pytest.mark.parametrize("url", ["/", "/tags/thrillers/", "/productions/run-away/"])
def test_cards_show_their_reading_time_without_reading_any_block(client, world, url):
    add_items(3, *world)
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()

    assert page.count(" min read") == 3
    # No query reads a block's columns (whether a quote is public may ask if a block uses it).
    selected = [query["sql"].split(" FROM ", 1)[0] for query in context]
    assert not [columns for columns in selected if "articles_articleblock" in columns]
