"""oEmbed: a Marquee quote or article URL pasted into another site becomes a safe card."""

import html
import re

import pytest

from tests.factories import ArticleFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def oembed(client, url, **params):
    return client.get("/oembed/", {"url": url, **params})


@pytest.fixture
def quote():
    return QuoteFactory(
        text="It is not a true story.",
        speaker=PersonFactory(name="Harlan Coben", slug="harlan-coben"),
        source=SourceFactory(outlet="Netflix Tudum", url="https://example.com/tudum"),
        context="Speaking before the premiere",
    )


def test_a_quote_url_embeds_as_a_citation_card(client, quote):
    response = oembed(client, f"http://testserver{quote.get_absolute_url()}")

    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["provider_name"] == "Marquee"
    assert data["author_name"] == "Harlan Coben"
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    card = data["html"]
    assert "“It is not a true story.”" in card
    assert "Harlan Coben" in card and "Netflix Tudum" in card and "Speaking before" in card
    assert f'href="http://testserver{quote.get_absolute_url()}"' in card


def test_the_card_is_self_contained_and_escaped(client):
    hostile = QuoteFactory(
        text='<script>alert(1)</script><img src=x onerror="alert(2)">',
        speaker=PersonFactory(name="<b>Mallory</b>"),
        context='" onmouseover="alert(3)',
    )

    card = oembed(client, f"http://testserver{hostile.get_absolute_url()}").json()["html"]

    assert "<script" not in card and "<img" not in card and "<b>" not in card
    assert "&lt;script&gt;" in card and "&lt;b&gt;Mallory&lt;/b&gt;" in card
    assert 'onmouseover="' not in card
    # Nothing to load from elsewhere: no script, no stylesheet, no frame.
    assert not re.search(r"<(script|link|iframe|style)\b", card)
    assert html.unescape(card).count("alert(1)") == 1


def test_an_article_url_embeds_as_a_card_with_its_title_and_standfirst(client):
    article = ArticleFactory(published=True, title="Is Run Away a true story?", with_hero=True)

    data = oembed(client, f"http://testserver{article.get_absolute_url()}").json()

    assert data["type"] == "rich"
    assert data["title"] == "Is Run Away a true story?"
    assert article.standfirst in data["html"]
    assert data["thumbnail_url"].startswith("http://testserver/media/")


def test_the_site_url_is_accepted_as_well_as_the_requested_host(client, settings, quote):
    settings.SITE_URL = "https://marquee.example"

    response = oembed(client, f"https://marquee.example{quote.get_absolute_url()}")

    assert response.status_code == 200


def test_maxwidth_and_maxheight_bound_the_embed(client, quote):
    data = oembed(
        client, f"http://testserver{quote.get_absolute_url()}", maxwidth="300", maxheight="90"
    ).json()

    assert data["width"] <= 300
    assert data["height"] <= 90
    assert "max-width:300px" in data["html"]


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/quotes/999999/",
        "http://testserver/not-an-article/",
        "http://testserver/people/harlan-coben/",
        "https://elsewhere.example/quotes/1/",
        "javascript:alert(1)",
    ],
)
def test_what_cannot_be_embedded_is_404(client, quote, url):
    assert oembed(client, url).status_code == 404


def test_a_draft_is_404(client):
    draft = ArticleFactory(slug="secret-draft")

    assert oembed(client, f"http://testserver{draft.get_absolute_url()}").status_code == 404


def test_xml_is_not_implemented(client, quote):
    response = oembed(client, f"http://testserver{quote.get_absolute_url()}", format="xml")

    assert response.status_code == 501


def test_a_missing_url_is_a_clear_400(client):
    response = client.get("/oembed/")

    assert response.status_code == 400
    assert "url" in response.json()["error"]


def test_embeds_may_be_fetched_from_any_origin(client, quote):
    response = oembed(client, f"http://testserver{quote.get_absolute_url()}")

    assert response["Access-Control-Allow-Origin"] == "*"


def _discovery_href(page):
    match = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert match, "no oEmbed discovery link"
    return html.unescape(match.group(1))


def test_article_and_quote_pages_announce_their_embed(client, settings, quote):
    settings.SITE_URL = "https://marquee.example"
    article = ArticleFactory(published=True)

    for page in (quote.get_absolute_url(), article.get_absolute_url()):
        href = _discovery_href(client.get(page).content.decode())
        assert href == (
            "https://marquee.example/oembed/?url="
            f"https%3A%2F%2Fmarquee.example{page.replace('/', '%2F')}&format=json"
        )
        assert client.get(href.replace("https://marquee.example", "")).status_code == 200
