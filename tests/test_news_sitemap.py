"""The Google News sitemap: valid against Google's schema, exactly the explainers first
published in the last 48 hours (frozen clock), gone when unpublished, at `SITE_URL`'s host;
robots.txt and the sitemap index name it; Discover's large previews on indexable pages."""

import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date

import pytest
import time_machine
from lxml import etree

from articles.models import Article
from articles.services import article_unpublish
from reader import news_sitemap, sitemaps
from tests.factories import ArticleFactory, PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "fixtures" / "sitemap_schemas"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)
DISCOVER = '<meta name="robots" content="max-image-preview:large">'


@pytest.fixture(scope="module")
def news_schema():
    """Google's news schema and the core sitemap schema, loaded together."""
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="{NS["s"]}" schemaLocation="{(SCHEMAS / "sitemap.xsd").as_uri()}"/>
      <xsd:import namespace="{NS["news"]}"
                  schemaLocation="{(SCHEMAS / "sitemap-news.xsd").as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def published(hours_ago, **fields):
    """An explainer first published `hours_ago` before NOW."""
    at = NOW - datetime.timedelta(hours=hours_ago)
    return ArticleFactory(published=True, publish_at=at, first_published_at=at, **fields)


def news(client, **extra):
    response = client.get("/news-sitemap.xml", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return response, etree.fromstring(response.content)


def titles(root):
    return root.xpath("//news:title/text()", namespaces=NS)


def test_news_sitemap_validates_against_googles_schema(client, clock, news_schema):
    published(1, title="Is Adolescence a true story? <Ask> & see", slug="adolescence")
    published(30, title="How Fool Me Once ends", slug="fool-me-once")

    response, root = news(client)

    assert news_schema.validate(root), news_schema.error_log
    url = root.xpath("//s:url", namespaces=NS)[0]
    assert url.findtext("s:loc", namespaces=NS) == f"{settings.SITE_URL}/adolescence/"
    assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "Marquee"
    assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    assert url.findtext("news:news/news:publication_date", namespaces=NS) == (
        "2026-12-07T11:00:00+00:00"
    )
    assert url.findtext("news:news/news:title", namespaces=NS) == (
        "Is Adolescence a true story? <Ask> & see"
    )


def test_a_quiet_two_days_give_an_empty_news_sitemap_not_an_error(client, clock):
    published(49)

    _, root = news(client)

    # The core schema wants one <url> at least, but Google's documentation asks for the
    # empty file ("It won't cause any problems"), as Django's own sitemaps send it.
    assert root.tag == f"{{{NS['s']}}}urlset"
    assert titles(root) == []


def test_news_sitemap_holds_exactly_the_last_48_hours_newest_first(client, clock):
    published(0, title="Just now")
    published(47.99, title="Nearly two days")
    published(24, title="Yesterday")
    published(48, title="Exactly two days")
    published(72, title="Three days")
    ArticleFactory(title="A draft")
    ArticleFactory(
        title="Scheduled for tonight",
        status=Article.Status.SCHEDULED,
        publish_at=NOW + datetime.timedelta(hours=6),
        first_published_at=NOW + datetime.timedelta(hours=6),
    )
    archived = published(2, title="Archived")
    Article.objects.filter(pk=archived.pk).update(status=Article.Status.ARCHIVED)

    _, root = news(client)

    assert titles(root) == ["Just now", "Yesterday", "Nearly two days"]


def test_an_explainer_leaves_the_news_sitemap_when_its_48_hours_are_over(client):
    with time_machine.travel(NOW, tick=False):
        published(47.5, title="Fresh")
        assert titles(news(client)[1]) == ["Fresh"]
    # The stored copy must not outlive the window (nothing purges when the clock moves on),
    # though the page cache keeps other pages for an hour.
    with time_machine.travel(NOW + datetime.timedelta(minutes=30, seconds=1), tick=False):
        assert titles(news(client)[1]) == []


def test_a_scheduled_explainer_joins_the_news_sitemap_when_its_time_comes(client):
    with time_machine.travel(NOW, tick=False):
        at = NOW + datetime.timedelta(hours=2)
        ArticleFactory(
            title="Tonight",
            status=Article.Status.SCHEDULED,
            publish_at=at,
            first_published_at=at,
        )
        assert titles(news(client)[1]) == []
    with time_machine.travel(NOW + datetime.timedelta(hours=2, seconds=1), tick=False):
        assert titles(news(client)[1]) == ["Tonight"]


def test_a_republished_old_explainer_keeps_its_first_date_and_stays_out(client, clock):
    ArticleFactory(
        published=True,
        title="Back again",
        publish_at=NOW - datetime.timedelta(hours=1),
        first_published_at=NOW - datetime.timedelta(days=5),
    )

    assert titles(news(client)[1]) == []


def test_unpublishing_takes_the_explainer_out_of_the_cached_news_sitemap(
    client, editor, django_capture_on_commit_callbacks
):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    article = ArticleFactory(published=True, title="Pulled", publish_at=an_hour_ago)
    assert titles(news(client)[1]) == ["Pulled"]

    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=article, user=editor)

    assert titles(news(client)[1]) == []


def test_news_sitemap_is_capped_newest_first_in_bounded_queries(
    client, clock, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(news_sitemap, "NEWS_LIMIT", 3)
    for hours in range(6):
        published(hours, title=f"{hours} hours ago")

    with django_assert_max_num_queries(4):
        _, root = news(client)

    assert titles(root) == ["0 hours ago", "1 hours ago", "2 hours ago"]


def test_news_sitemap_names_the_site_url_host_on_a_www_alias(client, clock, settings):
    settings.ALLOWED_HOSTS = ["www.marquee.example", "marquee.example"]
    settings.SITE_URL = "https://marquee.example"
    published(1, slug="aliased")

    _, root = news(client, HTTP_HOST="www.marquee.example")

    assert root.xpath("//s:loc/text()", namespaces=NS) == ["https://marquee.example/aliased/"]


def test_robots_txt_names_both_sitemaps_at_the_site_url_host(client, settings):
    settings.ALLOWED_HOSTS = ["www.marquee.example", "marquee.example"]
    settings.SITE_URL = "https://marquee.example"

    lines = client.get("/robots.txt", HTTP_HOST="www.marquee.example").content.decode()

    assert "Sitemap: https://marquee.example/sitemap.xml" in lines.splitlines()
    assert "Sitemap: https://marquee.example/news-sitemap.xml" in lines.splitlines()
    assert "www." not in lines


def test_sitemap_addresses_use_the_site_url_host_on_a_www_alias(client, settings):
    settings.ALLOWED_HOSTS = ["www.marquee.example", "marquee.example"]
    settings.SITE_URL = "https://marquee.example"
    ArticleFactory(published=True, slug="on-the-canonical-host")
    PersonFactory(slug="someone")

    root = etree.fromstring(client.get("/sitemap.xml", HTTP_HOST="www.marquee.example").content)

    locations = root.xpath("//s:loc/text()", namespaces=NS)
    assert "https://marquee.example/on-the-canonical-host/" in locations
    assert all(location.startswith("https://marquee.example/") for location in locations)


def test_sitemap_index_lists_the_news_sitemap_at_the_site_url_host(client, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["www.marquee.example", "marquee.example"]
    settings.SITE_URL = "https://marquee.example"
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 1)
    for section in sitemaps.SITEMAPS.values():
        monkeypatch.setattr(section, "limit", 1)
    for n in range(3):
        ArticleFactory(published=True, slug=f"indexed-{n}")

    response = client.get("/sitemap.xml", HTTP_HOST="www.marquee.example")

    root = etree.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    locations = root.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert "https://marquee.example/news-sitemap.xml" in locations
    assert "https://marquee.example/sitemap-articles.xml?p=3" in locations
    assert all(location.startswith("https://marquee.example/") for location in locations)


def test_sitemap_index_dated_in_every_section_says_when_it_last_changed(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "SITEMAPS", {"articles": sitemaps.ArticleSitemap})
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 1)
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 1)
    newest = timezone.now() - datetime.timedelta(hours=2)
    ArticleFactory(published=True, publish_at=newest - datetime.timedelta(days=3))
    ArticleFactory(published=True, publish_at=newest)

    response = client.get("/sitemap.xml")

    assert response["Last-Modified"] == http_date(newest.timestamp())


def test_indexable_pages_allow_large_image_previews(client):
    article = ArticleFactory(published=True, slug="large-previews")
    person = PersonFactory(slug="large-person")
    production = ProductionFactory(slug="large-production")
    article.people.add(person)
    article.productions.add(production)

    for url in ["/", "/large-previews/", "/people/large-person/", "/productions/large-production/"]:
        html = client.get(url).content.decode()
        assert html.count(DISCOVER) == 1, url
        assert 'content="noindex"' not in html, url


def test_noindex_pages_do_not_ask_for_large_image_previews(client, db):
    search = client.get("/search/", {"q": "anything"}).content.decode()
    missing = client.get("/no-such-explainer/").content.decode()

    assert "max-image-preview" not in search
    assert "max-image-preview" not in missing
