"""Public pages stay small and cheap however big the archive: bounded lists, sitemap sections."""

import datetime
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.utils import timezone

import pytest

from articles.models import Article, ArticleBlock
from reader import sitemaps
from reader.views.people import USED_IN_SHOWN
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

#: Rows change through factories between requests (no service, so no purge).
pytestmark = pytest.mark.page_cache_off

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def quoted_in(quote, count):
    """`count` published explainers quoting `quote` (bulk-created: only the size matters here)."""
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Explainer quoting it {n:04d}",
            slug=f"explainer-quoting-it-{n:04d}",
            standfirst="A standfirst.",
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=n + 1),
            first_published_at=now - datetime.timedelta(minutes=n + 1),
        )
        for n in range(count)
    )
    ArticleBlock.objects.bulk_create(
        ArticleBlock(article=article, kind=ArticleBlock.Kind.QUOTE, quote=quote, position=1)
        for article in articles
    )
    return articles


@pytest.fixture
def famous_quote(db):
    person = PersonFactory(slug="much-quoted")
    quote = QuoteFactory(speaker=person)
    quoted_in(quote, 1000)
    return quote


def test_person_page_links_a_few_explainers_per_quote_and_counts_the_rest(
    client, famous_quote, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(famous_quote.speaker.get_absolute_url())
    html = response.content.decode()

    used_in = re.findall(r">Explainer quoting it (\d{4})</a>", html)
    assert used_in == ["0000", "0001", "0002"][:USED_IN_SHOWN]
    assert f'href="{famous_quote.get_absolute_url()}">and {1000 - USED_IN_SHOWN} more</a>' in html
    assert len(response.content) < 60_000


def test_person_page_queries_do_not_grow_with_uses_of_a_quote(client, db):
    from tests.test_query_budgets import queries_for

    quote = QuoteFactory(speaker=PersonFactory(slug="quoted"))
    quoted_in(quote, 2)
    few = queries_for(client, "/people/quoted/")

    Article.objects.all().delete()
    quoted_in(quote, 300)
    many = queries_for(client, "/people/quoted/")

    assert many == few


def test_quote_page_paginates_the_explainers_using_it(
    client, famous_quote, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        first = client.get(famous_quote.get_absolute_url())
    last = client.get(famous_quote.get_absolute_url(), {"page": 84})

    titles = re.findall(r">Explainer quoting it (\d{4})</a>", first.content.decode())
    assert titles == [f"{n:04d}" for n in range(12)]
    assert 'href="?page=2"' in first.content.decode()
    assert first.context["articles_page"].paginator.count == 1000
    assert re.findall(r">Explainer quoting it (\d{4})</a>", last.content.decode()) == [
        f"{n:04d}" for n in range(996, 1000)
    ]


def test_quote_page_lists_an_explainer_quoting_it_twice_once(client, db):
    quote = QuoteFactory()
    article = quoted_in(quote, 1)[0]
    ArticleBlock.objects.create(article=article, kind=ArticleBlock.Kind.QUOTE, quote=quote)

    response = client.get(quote.get_absolute_url())

    assert response.context["articles_page"].paginator.count == 1
    assert response.content.decode().count(">Explainer quoting it 0000</a>") == 1


@pytest.fixture
def small_sections(monkeypatch):
    """Sitemap pages of two addresses, so a handful of rows needs the index."""
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 2)
    for section in sitemaps.SITEMAPS.values():
        monkeypatch.setattr(section, "limit", 2)


def test_big_site_sitemap_is_an_index_of_paged_sections_with_lastmod(
    client, db, small_sections, django_assert_max_num_queries
):
    for n in range(5):
        ArticleFactory(published=True, slug=f"indexed-{n}").tags.add("thrillers")

    with django_assert_max_num_queries(12):
        response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    entries = {
        entry.findtext(f"{SITEMAP}loc").removeprefix(settings.SITE_URL): entry.findtext(
            f"{SITEMAP}lastmod"
        )
        for entry in root.iter(f"{SITEMAP}sitemap")
    }
    assert {"/sitemap-articles.xml", "/sitemap-articles.xml?p=2", "/sitemap-articles.xml?p=3"} <= (
        set(entries)
    )
    assert "/sitemap-tags.xml" in entries
    assert all(entries[path] for path in entries if "articles" in path or "tags" in path)


def test_sitemap_section_page_lists_its_addresses_with_lastmod(client, db, small_sections):
    for n in range(3):
        ArticleFactory(published=True, slug=f"section-{n}").tags.add("thrillers")

    first = ET.fromstring(client.get("/sitemap-articles.xml").content)
    second = ET.fromstring(client.get("/sitemap-articles.xml", {"p": 2}).content)
    tags = ET.fromstring(client.get("/sitemap-tags.xml").content)

    def urls(root):
        return {
            url.findtext(f"{SITEMAP}loc").removeprefix(settings.SITE_URL): url.findtext(
                f"{SITEMAP}lastmod"
            )
            for url in root.iter(f"{SITEMAP}url")
        }

    assert len(urls(first)) == 2
    assert len(urls(second)) == 1
    assert set(urls(first)) | set(urls(second)) == {f"/section-{n}/" for n in range(3)}
    assert all(urls(first).values()) and all(urls(second).values())
    assert urls(tags)["/tags/thrillers/"]
    assert client.get("/sitemap-nothing.xml").status_code == 404
