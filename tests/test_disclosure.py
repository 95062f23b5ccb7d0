"""Money is disclosed: affiliate links are marked sponsored after a notice, sponsored explainers
name their sponsor everywhere they show, and /ads.txt is the file editors keep in the admin."""

import json
import re
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.test import Client

import pytest

from articles.adstxt import PLACEHOLDER, ads_txt_errors
from articles.models import Article, SiteDisclosure
from articles.models.disclosure import DEFAULT_AFFILIATE_NOTICE
from tests.factories import ArticleFactory, AvailabilityFactory, ProductionFactory, library_image
from tests.workflow_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
LINK = re.compile(r'<a href="(?P<href>[^"]*)" rel="(?P<rel>[^"]*)">')
ADMIN_URL = "/admin/articles/sitedisclosure/1/change/"
SELLER = "google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0"


@pytest.fixture(autouse=True)
def one_clock(monkeypatch):
    """One server here: a page rendered after a change is shared at once."""
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)


@pytest.fixture
def show():
    production = ProductionFactory(title="Run Away", slug="run-away")
    AvailabilityFactory(
        production=production,
        platform="Netflix",
        url="https://www.netflix.com/title/1",
        affiliate=True,
    )
    AvailabilityFactory(
        production=production, platform="BBC iPlayer", url="https://www.bbc.co.uk/iplayer/1"
    )
    return production


@pytest.fixture
def explainer_with_offers(show):
    article = ArticleFactory(published=True, allow_comments=False, slug="is-run-away-true")
    article.productions.add(show)
    return article


def rels(html):
    return {match["href"]: match["rel"] for match in LINK.finditer(html)}


def sponsored(**fields):
    defaults = {
        "published": True,
        "allow_comments": False,
        "title": "Why Run Away hooks you",
        "slug": "why-run-away-hooks-you",
        "sponsor_name": "Acme Streaming",
        "sponsor_url": "https://acme.example/",
    }
    return ArticleFactory(**{**defaults, **fields})


# == Affiliate links and the notice ========================================================


def test_article_marks_affiliate_offer_sponsored_after_one_disclosure_line(
    client, explainer_with_offers
):
    html = client.get(explainer_with_offers.get_absolute_url()).content.decode()

    links = rels(html)
    assert links["https://www.netflix.com/title/1"] == "sponsored noopener"
    assert links["https://www.bbc.co.uk/iplayer/1"] == "noopener"
    assert html.count(DEFAULT_AFFILIATE_NOTICE) == 1
    assert html.index(DEFAULT_AFFILIATE_NOTICE) < html.index('rel="sponsored noopener"')
    # Readers see which link the notice means, not only crawlers.
    assert html.count('<span class="affiliate-mark">Affiliate</span>') == 1
    netflix = html.index("https://www.netflix.com/title/1")
    assert html.index("affiliate-mark", netflix) < html.index("</li>", netflix)


def test_production_page_marks_affiliate_offers_and_discloses_once(client, show):
    AvailabilityFactory(
        production=show, platform="Prime Video", url="https://www.primevideo.com/1", affiliate=True
    )

    html = client.get(show.get_absolute_url()).content.decode()

    links = rels(html)
    assert links["https://www.netflix.com/title/1"] == "sponsored noopener"
    assert links["https://www.primevideo.com/1"] == "sponsored noopener"
    assert links["https://www.bbc.co.uk/iplayer/1"] == "noopener"
    assert html.count(DEFAULT_AFFILIATE_NOTICE) == 1
    assert html.index(DEFAULT_AFFILIATE_NOTICE) < html.index('rel="sponsored noopener"')


def test_pages_without_an_affiliate_link_say_nothing_about_commissions(client):
    production = ProductionFactory(slug="quiet-show")
    AvailabilityFactory(production=production, url="https://www.netflix.com/title/2")
    # An affiliate offer with no link sends no reader anywhere: nothing to disclose.
    AvailabilityFactory(production=production, platform="Cinema", affiliate=True)

    html = client.get(production.get_absolute_url()).content.decode()

    assert DEFAULT_AFFILIATE_NOTICE not in html
    assert "sponsored" not in html


def test_an_editor_rewords_the_notice_and_cached_pages_show_it(
    client, editor, explainer_with_offers, show, django_capture_on_commit_callbacks
):
    urls = [explainer_with_offers.get_absolute_url(), show.get_absolute_url()]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    desk = Client()
    desk.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            ADMIN_URL, {"affiliate_notice": "Links marked sponsored pay us.", "ads_txt": ""}
        )

    assert response.status_code == 302
    for url in urls:
        assert "Links marked sponsored pay us." in client.get(url).content.decode(), url


# == Sponsored explainers ==================================================================


def test_sponsored_explainer_names_its_sponsor_by_the_byline_with_a_sponsored_link(client):
    article = sponsored(sponsor_logo=library_image("acme.png", size=(120, 40), alt="Acme"))

    html = client.get(article.get_absolute_url()).content.decode()

    start = html.index('class="article__header"')
    header = html[start : html.index("</header>", start)]
    assert "Sponsored by" in header
    assert 'href="https://acme.example/" rel="sponsored noopener">Acme Streaming</a>' in header
    assert "sponsor__image" in header


def test_paid_partnership_reads_as_such(client):
    article = sponsored(sponsor_label=Article.SponsorLabel.PARTNERSHIP, sponsor_url="")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Paid partnership with" in html
    assert "<strong>Acme Streaming</strong>" in html


def test_cards_say_who_paid_without_extra_queries(client, django_assert_max_num_queries):
    sponsored()
    ArticleFactory(published=True, title="An editorial piece", slug="editorial-piece")
    for n in range(10):
        sponsored(slug=f"paid-{n}", title=f"Paid piece {n}")

    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()

    assert html.count("Acme Streaming") == 11
    card = html[html.index("An editorial piece") :]
    assert "Sponsored by" not in card[: card.index("</article>")]


def test_feeds_say_who_paid_in_the_description_and_a_category(client):
    sponsored()
    ArticleFactory(published=True, title="An editorial piece", slug="editorial-piece")

    rss = ET.fromstring(client.get("/feed/").content)
    items = {item.findtext("title"): item for item in rss.iter("item")}
    paid = items["Why Run Away hooks you"]
    assert paid.findtext("description").startswith("Sponsored by Acme Streaming. ")
    assert "Sponsored" in [category.text for category in paid.iter("category")]
    editorial = items["An editorial piece"]
    assert "Sponsored" not in editorial.findtext("description")
    assert "Sponsored" not in [category.text for category in editorial.iter("category")]

    atom = ET.fromstring(client.get("/feed/atom/").content)
    entry = next(e for e in atom.iter(f"{ATOM}entry") if "hooks" in e.findtext(f"{ATOM}title"))
    assert entry.findtext(f"{ATOM}summary").startswith("Sponsored by Acme Streaming. ")
    assert "Sponsored" in [c.get("term") for c in entry.iter(f"{ATOM}category")]


def test_news_article_names_its_sponsor_as_an_organization(client):
    logo = library_image("acme.png", size=(120, 40), alt="Acme")
    article = sponsored(sponsor_logo=logo)

    html = client.get(article.get_absolute_url()).content.decode()

    objects = [json.loads(block) for block in JSONLD.findall(html)]
    flat = [obj for data in objects for obj in (data if isinstance(data, list) else [data])]
    news = next(obj for obj in flat if obj["@type"] == "NewsArticle")
    assert news["sponsor"]["@type"] == "Organization"
    assert news["sponsor"]["name"] == "Acme Streaming"
    assert news["sponsor"]["url"] == "https://acme.example/"
    assert news["sponsor"]["logo"]["url"].startswith("http")


def test_an_editorial_explainer_has_no_sponsor_anywhere(client, explainer_with_offers):
    html = client.get(explainer_with_offers.get_absolute_url()).content.decode()

    assert '"sponsor"' not in html
    assert 'class="sponsor"' not in html


def test_a_sponsor_link_without_a_name_is_refused():
    article = ArticleFactory.build(sponsor_url="https://acme.example/")

    with pytest.raises(ValidationError) as refused:
        article.clean()

    assert "sponsor_name" in refused.value.message_dict


def test_naming_a_sponsor_in_the_admin_shows_on_the_page_and_home_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, allow_comments=False, slug="will-be-paid")
    urls = [article.get_absolute_url(), "/"]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    desk = Client()
    desk.force_login(editor)
    data = article_form_data(
        article,
        sponsor_name="Acme Streaming",
        sponsor_label="partnership",
        sponsor_url="https://acme.example/",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(change_url(article), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    for url in urls:
        assert "Paid partnership with" in client.get(url).content.decode(), url


def test_an_article_form_without_the_sponsor_words_keeps_the_usual_ones(editor):
    article = ArticleFactory(published=True, slug="no-words")
    desk = Client()
    desk.force_login(editor)

    response = desk.post(change_url(article), article_form_data(article))

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.sponsor_label == Article.SponsorLabel.SPONSORED
    assert not article.is_sponsored


# == ads.txt ===============================================================================


def test_ads_txt_is_served_as_plain_text_and_cached(client):
    SiteDisclosure.objects.create(ads_txt=f"# Our sellers\ncontact=ads@marquee.example\n{SELLER}")

    response = client.get("/ads.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == f"# Our sellers\ncontact=ads@marquee.example\n{SELLER}\n"
    assert client.get("/ads.txt")["X-Page-Cache"] == "hit"


def test_ads_txt_is_not_found_until_an_editor_writes_it(client):
    assert client.get("/ads.txt").status_code == 404
    SiteDisclosure.objects.create(ads_txt="   \n")
    assert client.get("/ads.txt").status_code == 404


@pytest.mark.parametrize(
    "line",
    [
        SELLER,
        "google.com, pub-0000000000000000, direct",
        "appnexus.com, 1234, RESELLER  # a partner's reseller",
        "openx.com, 5678, RESELLER, 6a698e2ec38604c6;extension data",
        "CONTACT=ads@marquee.example",
        "subdomain=news.marquee.example",
        "OWNERDOMAIN=marquee.example",
        "MANAGERDOMAIN=manager.example, US",
        "inventorypartnerdomain=partner.example",
        "# only a comment",
        "",
        PLACEHOLDER,
    ],
)
def test_valid_ads_txt_lines_pass(line):
    assert ads_txt_errors(line) == []


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("google.com, pub-1", "at least three fields"),
        ("google.com, pub-1, RESELER", "“RESELER” is not an account type"),
        ("google, pub-1, DIRECT", "“google” is not a domain name"),
        ("google.com, , DIRECT", "account id (second field) is empty"),
        ("google.com, pub-1, DIRECT, f08c-47", "not a certification authority id"),
        ("google.com, pub-1, DIRECT, abc, extra", "at most four fields"),
        ("contacts=ads@marquee.example", "“contacts=” is not an ads.txt variable"),
        ("contact=", "“contact=” has no value"),
        ("subdomain=not a domain", "is not a domain name"),
        ("managerdomain=manager.example, USA", "“USA” is not a two-letter country code"),
    ],
)
def test_invalid_ads_txt_lines_are_named_with_the_reason(line, says):
    errors = ads_txt_errors(f"# Our sellers\n{SELLER}\n{line}")

    assert len(errors) == 1
    assert errors[0].startswith("Line 3: ")
    assert says in errors[0]


def test_admin_refuses_a_bad_line_naming_it_and_keeps_what_was_typed(client, editor):
    client.force_login(editor)
    typed = f"{SELLER}\ngoogle.com, pub-2, RESELER\ncontacts=ads@marquee.example"

    response = client.post(
        ADMIN_URL, {"affiliate_notice": DEFAULT_AFFILIATE_NOTICE, "ads_txt": typed}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2: “RESELER” is not an account type" in page
    assert "Line 3: “contacts=” is not an ads.txt variable" in page
    assert typed.replace("\n", "\r\n") in page or typed in page
    assert not SiteDisclosure.objects.filter(ads_txt__contains="RESELER").exists()


def test_editor_saves_ads_txt_and_readers_get_it_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    SiteDisclosure.objects.create(ads_txt=SELLER)
    assert client.get("/ads.txt").status_code == 200
    assert client.get("/ads.txt")["X-Page-Cache"] == "hit"
    desk = Client()
    desk.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            ADMIN_URL,
            {"affiliate_notice": DEFAULT_AFFILIATE_NOTICE, "ads_txt": f"{SELLER}\n{PLACEHOLDER}"},
        )

    assert PLACEHOLDER in client.get("/ads.txt").content.decode()


def test_the_disclosure_list_opens_the_one_record_and_writers_may_not(client, editor, writer):
    client.force_login(editor)
    response = client.get("/admin/articles/sitedisclosure/")
    assert response.status_code == 302
    assert response["Location"] == ADMIN_URL
    assert DEFAULT_AFFILIATE_NOTICE in client.get(ADMIN_URL).content.decode()

    client.force_login(writer)
    assert client.get("/admin/articles/sitedisclosure/").status_code == 403
    assert client.get(ADMIN_URL).status_code == 403
