"""Feeds, sitemap and robots.txt: valid XML, public items only."""

import html
import xml.etree.ElementTree as ET

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

import pytest

from articles.models import Article
from reader.feeds import PLAIN_TEXT_WRITERS, PlainTextFeed
from tests.factories import ArticleFactory, PersonFactory, ProductionFactory, QuoteFactory
from tests.public_urls import feed_routes

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def articles(db):
    production = ProductionFactory(slug="run-away")
    public = ArticleFactory(published=True, title="Public explainer", slug="public-explainer")
    public.tags.add("Thrillers")
    public.productions.add(production)
    draft = ArticleFactory(title="Draft explainer", slug="draft-explainer")
    draft.tags.add("Thrillers", "Secret")
    draft.productions.add(production)
    future = ArticleFactory(scheduled=True, title="Future explainer", slug="future-explainer")
    future.tags.add("Thrillers")
    future.productions.add(production)
    return public


def rss_titles(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.mark.parametrize("url", ["/feed/", "/tags/thrillers/feed/", "/productions/run-away/feed/"])
def test_rss_feeds_parse_and_list_only_public_articles(client, articles, url):
    assert rss_titles(client.get(url)) == ["Public explainer"]


@pytest.mark.parametrize(
    "url", ["/feed/atom/", "/tags/thrillers/feed/atom/", "/productions/run-away/feed/atom/"]
)
def test_atom_feeds_parse_and_list_only_public_articles(client, articles, url):
    assert atom_titles(client.get(url)) == ["Public explainer"]


def test_feed_items_link_to_the_article_with_its_standfirst(client, articles):
    root = ET.fromstring(client.get("/feed/").content)
    item = next(root.iter("item"))

    assert item.findtext("link").endswith("/public-explainer/")
    assert item.findtext("description") == articles.standfirst


def test_feed_of_unknown_tag_or_production_is_404(client, db):
    assert client.get("/tags/nothing/feed/").status_code == 404
    assert client.get("/productions/nothing/feed/").status_code == 404


def test_sitemap_parses_and_lists_only_public_pages(client, articles):
    person = PersonFactory(slug="harlan-coben")
    quote = QuoteFactory()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    paths = {loc.text.removeprefix(settings.SITE_URL) for loc in root.iter(f"{SITEMAP}loc")}
    assert "/public-explainer/" in paths
    assert "/draft-explainer/" not in paths
    assert "/future-explainer/" not in paths
    assert person.get_absolute_url() in paths
    assert "/productions/run-away/" in paths
    assert quote.get_absolute_url() in paths
    assert "/tags/thrillers/" in paths
    assert "/tags/secret/" not in paths  # only a draft carries it


def test_sitemap_article_lastmod_follows_the_last_edit(client, articles):
    articles.updated_at = articles.publish_at.replace(year=2030)
    articles.save()

    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }

    assert urls[f"{settings.SITE_URL}/public-explainer/"].startswith("2030-")


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_previews(client, db):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_every_page_advertises_the_feeds(client, db):
    html = client.get("/").content.decode()

    assert 'type="application/rss+xml"' in html
    assert 'href="/feed/atom/"' in html


def test_draft_status_changes_are_reflected_without_caching(client, articles):
    Article.objects.filter(pk=articles.pk).update(status=Article.Status.ARCHIVED)

    assert rss_titles(client.get("/feed/")) == []


MARKUP_TITLE = "<b>x</b> & <script>"
MARKUP_STANDFIRST = "Kids <em>love</em> it & <script>alert(1)</script> too"


@pytest.fixture
def markup_article(db):
    return ArticleFactory(
        published=True, title=MARKUP_TITLE, standfirst=MARKUP_STANDFIRST, slug="markup"
    )


def _shows_literally_as_html(element, expected):
    """A feed reader unescapes an HTML-typed element once: what remains must be the text."""
    assert len(element) == 0  # no child elements
    assert "<" not in element.text
    assert html.unescape(element.text) == expected


def test_rss_shows_plain_text_fields_as_text_never_as_markup(client, markup_article):
    root = ET.fromstring(client.get("/feed/").content)
    item = next(root.iter("item"))

    title = item.find("title")
    assert len(title) == 0 and title.text == MARKUP_TITLE
    _shows_literally_as_html(item.find("description"), MARKUP_STANDFIRST)


def test_atom_shows_plain_text_fields_as_text_never_as_markup(client, markup_article):
    root = ET.fromstring(client.get("/feed/atom/").content)
    entry = next(root.iter(f"{ATOM}entry"))

    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert len(title) == 0 and title.text == MARKUP_TITLE
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    _shows_literally_as_html(summary, MARKUP_STANDFIRST)


def test_feed_items_name_their_byline_in_order_else_the_site(client, db, settings):
    from tests.factories import ContributorFactory

    ada = ContributorFactory(name="Ada Lovelace")
    grace = ContributorFactory(name="grace")
    ArticleFactory(published=True, title="By two", byline=[grace, ada])
    ArticleFactory(published=True, title="By nobody")

    root = ET.fromstring(client.get("/feed/atom/").content)
    names = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}author/{ATOM}name")
        for entry in root.iter(f"{ATOM}entry")
    }

    assert names == {"By two": "grace and Ada Lovelace", "By nobody": settings.SITE_NAME}


def test_every_feed_in_the_urlconf_is_written_from_plain_text():
    routes = feed_routes()

    assert {route.name for route in routes} >= {"articles:feed", "articles:tag_feed_atom"}
    for route in routes:
        assert isinstance(route.view, PlainTextFeed), route.route
        assert issubclass(route.view.feed_type, PLAIN_TEXT_WRITERS), route.route


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_every_feed_class_of_the_site_is_a_plain_text_feed():
    ours = [
        feed for feed in _subclasses(Feed) if not feed.__module__.startswith(("django.", "tests."))
    ]
    assert len(ours) >= 6
    assert [feed for feed in ours if not issubclass(feed, PlainTextFeed)] == []


def test_a_feed_with_another_writer_or_an_html_template_is_refused_when_defined():
    with pytest.raises(TypeError, match="PlainTextRss or PlainTextAtom"):

        class RawFeed(PlainTextFeed):
            feed_type = Rss201rev2Feed

    with pytest.raises(TypeError, match="never a template"):

        class TemplatedFeed(PlainTextFeed):
            description_template = "feeds/description.html"


@pytest.fixture
def markup_names(db):
    production = ProductionFactory(title=MARKUP_TITLE, slug="markup-show", year=None)
    article = ArticleFactory(published=True, slug="markup")
    article.tags.add(MARKUP_TITLE)
    article.productions.add(production)
    return article.tags.get(), production


def test_rss_channels_show_tag_names_and_production_titles_as_text_never_as_markup(
    client, markup_names
):
    tag, production = markup_names
    for url, about in (
        (f"/tags/{tag.slug}/feed/", f"New explainers tagged “{MARKUP_TITLE}”."),
        (f"/productions/{production.slug}/feed/", f"New explainers about {MARKUP_TITLE}."),
    ):
        channel = ET.fromstring(client.get(url).content).find("channel")

        title = channel.find("title")
        assert len(title) == 0 and title.text == f"{settings.SITE_NAME}: {MARKUP_TITLE}"
        _shows_literally_as_html(channel.find("description"), about)


def test_atom_feeds_show_tag_names_and_production_titles_as_text_never_as_markup(
    client, markup_names
):
    tag, production = markup_names
    for url, about in (
        (f"/tags/{tag.slug}/feed/atom/", f"New explainers tagged “{MARKUP_TITLE}”."),
        (f"/productions/{production.slug}/feed/atom/", f"New explainers about {MARKUP_TITLE}."),
    ):
        root = ET.fromstring(client.get(url).content)

        for name, text in (("title", f"{settings.SITE_NAME}: {MARKUP_TITLE}"), ("subtitle", about)):
            element = root.find(f"{ATOM}{name}")
            assert element.get("type", "text") == "text"
            assert len(element) == 0 and element.text == text


def test_a_tag_only_unpublished_explainers_carry_has_no_feed(client, articles):
    for url in ("/tags/secret/feed/", "/tags/secret/feed/atom/"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/feed/", "/tags/thrillers/feed/", "/productions/run-away/feed/"])
def test_rss_links_name_the_site_url_host_on_a_www_alias(client, articles, settings, url):
    settings.SITE_URL = "https://marquee.example"
    settings.ALLOWED_HOSTS = ["www.marquee.example", "marquee.example"]

    response = client.get(url, HTTP_HOST="www.marquee.example")

    root = ET.fromstring(response.content)
    channel = root.find("channel")
    self_link = channel.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"https://marquee.example{url}"
    assert channel.findtext("link").startswith("https://marquee.example/")
    item = channel.find("item")
    assert item.findtext("link") == "https://marquee.example/public-explainer/"
    assert item.findtext("guid") == "https://marquee.example/public-explainer/"
    assert b"www." not in response.content.replace(b"http://www.w3.org/", b"")


def test_atom_links_and_ids_name_the_site_url_host_on_a_www_alias(client, articles, settings):
    settings.SITE_URL = "https://marquee.example"
    settings.ALLOWED_HOSTS = ["www.marquee.example", "marquee.example"]

    response = client.get("/feed/atom/", HTTP_HOST="www.marquee.example")

    root = ET.fromstring(response.content)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "https://marquee.example/",
        "self": "https://marquee.example/feed/atom/",
    }
    assert root.findtext(f"{ATOM}id") == "https://marquee.example/"
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "https://marquee.example/public-explainer/"
    assert entry.findtext(f"{ATOM}id") == "https://marquee.example/public-explainer/"
    assert b"www." not in response.content.replace(b"http://www.w3.org/", b"")
