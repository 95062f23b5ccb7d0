"""Sponsored links inside an explainer's text: an editor marks a paid link (CKEditor's link
dialog, Advanced › Relationship) or the site lists its affiliate domains (works with either
editor); readers get rel="sponsored noopener noreferrer", after the disclosure line once."""

from django.test import Client

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from articles.models import ArticleBlock, SiteDisclosure
from articles.models.disclosure import DEFAULT_AFFILIATE_NOTICE, sponsored_domain_errors
from articles.richtext import (
    CKEDITOR_CONFIG,
    links_sponsored,
    mark_sponsored,
    sanitize_html,
)
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BlockFactory,
    HeadingBlockFactory,
    ProductionFactory,
)

ADMIN_URL = "/admin/articles/sitedisclosure/1/change/"
OFFER = "https://northlight.example/watch/run-away?ref=marquee"


@pytest.fixture(autouse=True)
def one_clock(monkeypatch):
    """One server here: a page rendered after a change is shared at once."""
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)


# == The sanitiser =========================================================================


@pytest.mark.parametrize(
    ("rel", "served"),
    [
        ("sponsored", "sponsored noopener noreferrer"),
        ("SPONSORED nofollow", "sponsored nofollow noopener noreferrer"),
        ("nofollow ugc sponsored", "sponsored ugc nofollow noopener noreferrer"),
        ("noopener", "noopener noreferrer"),
        ("opener external me", "noopener noreferrer"),
        ("", "noopener noreferrer"),
    ],
)
def test_the_sanitiser_keeps_the_editors_link_relations_and_adds_noopener(rel, served):
    cleaned = sanitize_html(f'<p><a href="{OFFER}" rel="{rel}">Watch it</a></p>')

    assert cleaned == f'<p><a href="{OFFER.replace("&", "&amp;")}" rel="{served}">Watch it</a></p>'
    assert sanitize_html(cleaned) == cleaned


def test_a_link_without_rel_still_gets_noopener_noreferrer():
    assert sanitize_html('<a href="https://example.com/" title="a > b">x</a>') == (
        '<a href="https://example.com/" title="a &gt; b" rel="noopener noreferrer">x</a>'
    )


TOKENS = ["sponsored", "ugc", "nofollow", "NoFollow", "opener", "noreferrer", "x", "'", "&"]


@given(st.lists(st.sampled_from(TOKENS)), st.sampled_from([" ", "  ", "\t"]))
def test_whatever_rel_is_typed_only_allowed_tokens_go_out_and_noopener_always(words, space):
    rel = space.join(words)
    cleaned = sanitize_html(f'<a href="https://example.com/" rel="{rel}">x</a>')

    tokens = lxml_html.fragment_fromstring(cleaned).get("rel").split()
    assert tokens[-2:] == ["noopener", "noreferrer"]
    assert set(tokens) <= {"sponsored", "ugc", "nofollow", "noopener", "noreferrer"}
    assert sanitize_html(cleaned) == cleaned


def test_affiliate_domains_mark_their_links_and_subdomains_only():
    text = sanitize_html(
        '<p><a href="https://shop.Northlight.example/a?b=1&c=2">shop</a> '
        '<a href="https://northlight.example.evil.test/">look-alike</a> '
        '<a href="mailto:ads@northlight.example">mail</a> '
        '<a href="https://northlight.example/x" rel="sponsored">already</a></p>'
    )

    marked = mark_sponsored(text, ["northlight.example"])

    rels = [link.get("rel") for link in lxml_html.fragment_fromstring(marked).iter("a")]
    assert rels == [
        "sponsored noopener noreferrer",
        "noopener noreferrer",
        "noopener noreferrer",
        "sponsored noopener noreferrer",
    ]
    assert not links_sponsored(mark_sponsored(text.replace("sponsored ", ""), []))


def test_ckeditors_link_dialog_offers_the_relationship_field():
    # The dialog's Advanced tab shows the fields its content filter allows: rel is one.
    assert CKEDITOR_CONFIG["linkShowAdvancedTab"] is True
    assert "a[!href,title,rel]" in CKEDITOR_CONFIG["allowedContent"]


# == The affiliate domains in the admin ====================================================


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("https://amzn.to/x", "Line 1: “https://amzn.to/x” is an address"),
        ("amazon", "Line 1: “amazon” is not a domain"),
        ("bad_domain.example", "Line 1: “bad_domain.example” is not a domain"),
    ],
)
def test_a_line_that_is_not_a_domain_is_named(line, says):
    assert sponsored_domain_errors(line)[0].startswith(says)


def test_domains_are_read_lower_case_one_per_line():
    record = SiteDisclosure(sponsored_domains="AMZN.to\n\n  northlight.example. \n")
    assert record.sponsored_domain_list() == ["amzn.to", "northlight.example"]
    assert sponsored_domain_errors(record.sponsored_domains) == []


def form(**fields):
    return {"affiliate_notice": DEFAULT_AFFILIATE_NOTICE, "ads_txt": "", **fields}


def test_the_admin_refuses_an_address_and_keeps_what_was_typed(client, editor):
    client.force_login(editor)
    typed = "amzn.to\nhttps://northlight.example/shop"

    response = client.post(ADMIN_URL, form(sponsored_domains=typed))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2: “https://northlight.example/shop” is an address" in page
    assert "amzn.to" in page
    assert not SiteDisclosure.objects.exists()


# == The article page ======================================================================


@pytest.fixture
def explainer(db):
    article = ArticleFactory(published=True, allow_comments=False, slug="run-away-deals")
    HeadingBlockFactory(article=article, heading="Where to start", position=0)
    BlockFactory(
        article=article,
        position=1,
        text='<p>The novel is <a href="https://books.example/run-away">in every bookshop</a>.</p>',
    )
    BlockFactory(
        article=article,
        position=2,
        text=f'<p>Watch it <a href="{OFFER}" rel="sponsored">on Northlight</a>, '
        'or <a href="https://shop.northlight.example/dvd">buy the DVD</a>.</p>',
    )
    return article


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), lxml_html.fromstring(response.content)


def rel_of(tree, href):
    return tree.xpath("//a[@href=$href]/@rel", href=href)[0]


def test_a_sponsored_link_is_served_after_one_disclosure_line(client, explainer):
    text, tree = page(client, explainer)

    assert rel_of(tree, OFFER) == "sponsored noopener noreferrer"
    assert rel_of(tree, "https://books.example/run-away") == "noopener noreferrer"
    notices = tree.xpath("//p[@class='disclosure']")
    assert [notice.text for notice in notices] == [DEFAULT_AFFILIATE_NOTICE]
    # Just before the block with the paid link, after the one without.
    assert text.index("in every bookshop") < text.index(DEFAULT_AFFILIATE_NOTICE)
    assert text.index(DEFAULT_AFFILIATE_NOTICE) < text.index(
        f'href="{OFFER.replace("&", "&amp;")}"'
    )


def test_an_article_with_no_paid_link_says_nothing_about_commissions(client, explainer):
    explainer.blocks.filter(position=2).delete()

    text, _tree = page(client, explainer)

    assert DEFAULT_AFFILIATE_NOTICE not in text
    assert "sponsored" not in text


def test_with_an_affiliate_offer_the_notice_is_shown_once_above_the_offers(client, explainer):
    show = ProductionFactory(slug="run-away")
    AvailabilityFactory(production=show, url="https://www.netflix.com/title/1", affiliate=True)
    explainer.productions.add(show)

    text, tree = page(client, explainer)

    assert text.count(DEFAULT_AFFILIATE_NOTICE) == 1
    assert tree.xpath("//section[@class='watch-now']/p[@class='disclosure']")
    assert rel_of(tree, OFFER) == "sponsored noopener noreferrer"


def test_a_spoilers_sponsored_link_is_marked_and_disclosed_too(client, explainer):
    explainer.blocks.filter(position=2).delete()
    BlockFactory(
        article=explainer,
        position=3,
        kind=ArticleBlock.Kind.SPOILER,
        heading="The ending",
        text='<p>Rewatch the finale <a href="https://shop.northlight.example/finale">here</a>.</p>',
    )
    SiteDisclosure.objects.create(sponsored_domains="northlight.example")

    text, tree = page(client, explainer)

    assert rel_of(tree, "https://shop.northlight.example/finale") == (
        "sponsored noopener noreferrer"
    )
    assert text.count(DEFAULT_AFFILIATE_NOTICE) == 1


def test_an_editor_lists_an_affiliate_domain_and_the_cached_page_marks_it_at_once(
    client, editor, explainer, django_capture_on_commit_callbacks
):
    explainer.blocks.filter(position=2).delete()
    url = explainer.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    desk = Client()
    desk.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(ADMIN_URL, form(sponsored_domains="books.example"))

    assert response.status_code == 302
    text, tree = page(client, explainer)
    assert rel_of(tree, "https://books.example/run-away") == "sponsored noopener noreferrer"
    assert text.count(DEFAULT_AFFILIATE_NOTICE) == 1
