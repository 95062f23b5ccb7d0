"""Ranked lists: a "ranked list" explainer numbers its entries (each a production with a
blurb, a poster and where to watch it), up or counting down, with anchors, a contents list
and ItemList structured data; editors order the entries like any other blocks."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from articles.models import Article, ArticleBlock, SiteDisclosure
from core.countries import COUNTRY_COOKIE
from core.http import absolute_url
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BlockFactory,
    ProductionFactory,
    library_image,
)
from tests.test_page_cache_invalidation import admin_change

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TITLES = ["Run Away", "Fool Me Once", "Missing You"]


def entry(article, production, position, **fields):
    return BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.ENTRY,
        production=production,
        position=position,
        text=fields.pop("text", f"<p>Why {production.title} makes the list.</p>"),
        **fields,
    )


def ranked_list(count=3, prefix="show", **fields):
    """A published ranked list of `count` productions, an introduction before them."""
    article = ArticleFactory(
        published=True,
        kind=Article.Kind.LIST,
        title="Harlan Coben adaptations, ranked",
        slug=f"{prefix}-harlan-coben-adaptations-ranked",
        **fields,
    )
    BlockFactory(article=article, position=0, text="<p>Our pick of the thrillers.</p>")
    productions = []
    for n in range(count):
        title = TITLES[n] if n < len(TITLES) else f"Thriller {n}"
        production = ProductionFactory(title=title, slug=f"{prefix}-{n}", year=2020 + n % 6)
        entry(article, production, n + 1)
        productions.append(production)
    return article, productions


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def jsonld(html):
    found = []
    for chunk in JSONLD.findall(html):
        data = json.loads(chunk)
        found += data if isinstance(data, list) else [data]
    return found


def numbers_in_page_order(html):
    return [int(n) for n in re.findall(r'class="entry__rank">(\d+)<', html)]


# --------------------------------------------------------------------------- the page


def test_entries_are_numbered_with_anchors_and_a_contents_list(client):
    article, (run_away, fool_me_once, _missing) = ranked_list()

    html = page(client, article)

    assert numbers_in_page_order(html) == [1, 2, 3]
    assert 'id="1-run-away"' in html and 'id="2-fool-me-once"' in html
    # The contents list links each entry's anchor, numbered as on the page.
    assert '<li value="1"><a href="#1-run-away"><cite>Run Away</cite></a>' in html
    assert '<li value="2"><a href="#2-fool-me-once">' in html
    # The title links the production's page; its kind and year and the blurb follow.
    assert f'<a href="{run_away.get_absolute_url()}"><cite>Run Away</cite></a>' in html
    assert "TV series, 2020" in html
    assert "Why Fool Me Once makes the list." in html
    assert html.index("Our pick of the thrillers.") < html.index('id="1-run-away"')


def test_a_countdown_numbers_from_the_top_down(client):
    article, _productions = ranked_list(countdown=True)

    html = page(client, article)

    assert numbers_in_page_order(html) == [3, 2, 1]
    assert 'id="3-run-away"' in html and 'id="1-missing-you"' in html
    assert '<li value="3"><a href="#3-run-away">' in html


def test_the_poster_is_the_productions_unless_the_entry_picks_its_own(client):
    article, (run_away, fool_me_once, _missing) = ranked_list()
    run_away.poster = library_image("run-away-poster.png", alt="Run Away poster")
    run_away.save()
    own = library_image("fool-me-once-still.png", alt="A still from Fool Me Once")
    block = article.blocks.get(production=fool_me_once)
    block.image = own
    block.save()
    fool_me_once.poster = library_image("unused-poster.png", alt="The series poster")
    fool_me_once.save()

    html = page(client, article)

    assert 'alt="Run Away poster"' in html
    assert 'alt="A still from Fool Me Once"' in html
    assert 'alt="The series poster"' not in html


def test_each_entry_shows_where_to_watch_it_now_with_paid_links_marked(client):
    article, (run_away, fool_me_once, missing) = ranked_list()
    AvailabilityFactory(
        production=run_away, platform="Netflix", url="https://netflix.example/", affiliate=True
    )
    AvailabilityFactory(production=fool_me_once, platform="Prime Video")
    AvailabilityFactory(
        production=missing,
        platform="Later TV",
        available_from=datetime.date.today() + datetime.timedelta(days=10),
    )
    AvailabilityFactory(
        production=missing,
        platform="Gone TV",
        available_from=datetime.date(2020, 1, 1),
        available_until=datetime.date(2021, 1, 1),
    )

    # The explainer covers Run Away too: its offers show once, beside its entry.
    article.productions.add(run_away)

    html = page(client, article)

    assert '<a href="https://netflix.example/" rel="sponsored noopener">Netflix</a>' in html
    assert html.count("https://netflix.example/") == 1
    assert "<strong>Prime Video</strong>" in html
    assert "Later TV" not in html and "Gone TV" not in html
    # The affiliate notice comes before the first paid link.
    notice = SiteDisclosure.current().affiliate_notice
    assert notice and html.index(notice) < html.index("https://netflix.example/")


def test_each_reader_sees_the_offers_of_their_own_country_under_an_entry(client):
    article, (run_away, _fool_me_once, _missing) = ranked_list()
    AvailabilityFactory(production=run_away, platform="BBC iPlayer", country="GB")
    AvailabilityFactory(production=run_away, platform="Hulu", country="US")
    AvailabilityFactory(production=run_away, platform="Netflix", country="")

    client.cookies[COUNTRY_COOKIE] = "US"
    american = page(client, article)
    client.cookies[COUNTRY_COOKIE] = "GB"
    british = page(client, article)

    # The same address, a copy per country: each reader's own offers, then worldwide ones.
    assert "Hulu" in american and "BBC iPlayer" not in american and "Netflix" in american
    assert "BBC iPlayer" in british and "Hulu" not in british and "Netflix" in british


@pytest.mark.page_cache_off
def test_the_list_page_costs_the_same_queries_for_3_entries_as_for_30(client):
    def queries(count):
        article, productions = ranked_list(count, prefix=f"list{count}")
        for production in productions:
            production.poster = library_image(f"{production.slug}.png")
            production.save()
            AvailabilityFactory(production=production)
        client.get(article.get_absolute_url())  # warm what is cached across pages
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article.get_absolute_url()).status_code == 200
        ArticleBlock.objects.filter(article=article).delete()
        Article.objects.filter(pk=article.pk).delete()
        return len(captured)

    assert queries(3) == queries(30)


# --------------------------------------------------------------------------- structured data


def test_the_page_declares_an_item_list_of_the_productions_pages(client):
    article, productions = ranked_list(countdown=True)

    html = page(client, article)

    objects = jsonld(html)
    assert {"NewsArticle", "ItemList"} <= {obj["@type"] for obj in objects}
    item_list = next(obj for obj in objects if obj["@type"] == "ItemList")
    assert item_list["numberOfItems"] == 3
    items = item_list["itemListElement"]
    assert [item["@type"] for item in items] == ["ListItem"] * 3
    # Positions are the numbers readers see: counting down, Run Away is number 3.
    by_url = {item["url"]: item["position"] for item in items}
    assert by_url == {
        absolute_url(productions[0].get_absolute_url()): 3,
        absolute_url(productions[1].get_absolute_url()): 2,
        absolute_url(productions[2].get_absolute_url()): 1,
    }
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["name"] for item in items] == ["Missing You", "Fool Me Once", "Run Away"]


def test_the_api_gives_each_entry_its_number_and_production(client):
    article, (run_away, *_rest) = ranked_list(countdown=True)

    body = client.get(f"/api/v1/articles/{article.slug}/").json()

    entries = [block for block in body["blocks"] if block["kind"] == "entry"]
    assert [block["rank"] for block in entries] == [3, 2, 1]
    assert (
        entries[0]["fields"]["production"]["url"]
        == f"http://testserver/productions/{run_away.slug}/"
    )
    assert entries[0]["fields"]["text"] == "<p>Why Run Away makes the list.</p>"
    assert [block["rank"] for block in body["blocks"] if block["kind"] != "entry"] == [None]


def test_an_article_without_entries_declares_no_item_list(client):
    article = ArticleFactory(published=True, kind=Article.Kind.NEWS)

    assert "ItemList" not in {obj["@type"] for obj in jsonld(page(client, article))}


def test_a_production_only_a_draft_list_names_has_no_page_until_it_is_published(client):
    article, (run_away, *_rest) = ranked_list()
    hidden = ProductionFactory(title="The Stranger", slug="the-stranger")
    draft = ArticleFactory(kind=Article.Kind.LIST, slug="draft-list")
    entry(draft, hidden, 1)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(run_away.get_absolute_url()).status_code == 200


# --------------------------------------------------------------------------- search, spoilers


def test_search_finds_an_entry_blurb_but_never_a_spoilers_hidden_text(client):
    article, (run_away, *_rest) = ranked_list()
    entry(article, ProductionFactory(), 9, text="<p>A marmalade-coloured twist.</p>")
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        heading="Who did it",
        text="<p>The lighthouse keeper did it.</p>",
        position=10,
    )

    found = client.get("/search/", {"q": "marmalade"}).content.decode()
    hidden = client.get("/search/", {"q": "lighthouse"}).content.decode()

    assert article.title in found
    assert article.title not in hidden


# --------------------------------------------------------------------------- page cache


def test_renaming_a_production_shows_at_once_on_the_cached_list(
    client, superuser, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)
    article, (run_away, *_rest) = ranked_list()
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(superuser, run_away, title="Run Away (Again)")

    assert "Run Away (Again)" in client.get(url).content.decode()


# --------------------------------------------------------------------------- production pages


def test_a_production_page_says_which_published_lists_feature_it_and_at_what_number(client):
    up, (_run_away, fool_me_once, _missing) = ranked_list(prefix="up")
    down = ArticleFactory(
        published=True, kind=Article.Kind.LIST, countdown=True, title="Counting down"
    )
    for position in range(4):
        entry(down, fool_me_once if position == 0 else ProductionFactory(), position)
    draft = ArticleFactory(kind=Article.Kind.LIST, title="A draft list")
    entry(draft, fool_me_once, 1)

    html = page(client, fool_me_once)

    assert f'<a href="{up.get_absolute_url()}#2-fool-me-once">{up.title}</a> (#2)' in html
    assert f'<a href="{down.get_absolute_url()}#4-fool-me-once">Counting down</a> (#4)' in html
    assert "A draft list" not in html


@pytest.mark.page_cache_off
def test_featured_in_costs_the_same_queries_for_one_list_as_for_five(client):
    production = ProductionFactory(title="Safe", slug="safe")

    def queries(lists):
        for _n in range(lists):
            article = ArticleFactory(published=True, kind=Article.Kind.LIST)
            entry(article, ProductionFactory(), 1)
            entry(article, production, 2)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(production.get_absolute_url()).status_code == 200
        return len(captured)

    assert queries(1) == queries(4)
