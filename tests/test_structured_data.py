"""schema.org JSON-LD on every reader page: valid JSON, the right types, the required fields."""

import json
import re

from django.conf import settings

import pytest

from people.models import PersonLink
from tests.factories import (
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.reader_data import make_article

#: Rows change through factories between requests (no service, so no purge).
pytestmark = pytest.mark.page_cache_off

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(client, url):
    """Every JSON-LD object on the page, flattened into one list."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    objects = []
    for block in JSONLD.findall(html):
        data = json.loads(block)
        objects.extend(data if isinstance(data, list) else [data])
    assert objects, f"no JSON-LD on {url}"
    return objects, html


def by_type(objects, schema_type):
    found = [obj for obj in objects if obj["@type"] == schema_type]
    assert len(found) == 1, f"expected one {schema_type}, got {[o['@type'] for o in objects]}"
    return found[0]


def test_article_is_a_news_article_with_required_fields(client, db):
    article = make_article()
    objects, _html = jsonld(client, article.get_absolute_url())

    news = by_type(objects, "NewsArticle")
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == article.title
    assert news["description"] == article.standfirst
    assert news["image"][0].startswith(f"{settings.SITE_URL}/media/images/hero")
    assert news["datePublished"] == article.first_published_at.isoformat()
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Ada Writer",
            "url": f"{settings.SITE_URL}/authors/ada-writer/",
        }
    ]
    # The publisher by reference to the home page's organisation, with its name and logo.
    assert news["publisher"] == {
        "@type": "NewsMediaOrganization",
        "@id": f"{settings.SITE_URL}/#organization",
        "name": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/",
        "logo": {"@type": "ImageObject", "url": f"{settings.SITE_URL}/static/img/logo.svg"},
    }
    assert news["mainEntityOfPage"]["@id"] == f"{settings.SITE_URL}{article.get_absolute_url()}"
    about = {(item["@type"], item["name"]) for item in news["about"]}
    assert about == {("TVSeries", "Run Away"), ("Person", "Harlan Coben")}


def test_date_modified_is_the_newest_of_publication_edit_and_corrections(client, db):
    article = make_article()
    correction = article.corrections.get()
    news = by_type(jsonld(client, article.get_absolute_url())[0], "NewsArticle")
    assert news["dateModified"] == correction.published_at.isoformat()

    article.updated_at = correction.published_at.replace(year=correction.published_at.year + 1)
    article.save()

    news = by_type(jsonld(client, article.get_absolute_url())[0], "NewsArticle")
    assert news["dateModified"] == article.updated_at.isoformat()


def test_verdict_is_a_claim_review(client, db):
    article = make_article()

    review = by_type(jsonld(client, article.get_absolute_url())[0], "ClaimReview")

    assert review["claimReviewed"] == "Run Away is based on a true story"
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["ratingValue"] == 2
    assert review["reviewRating"]["alternateName"] == article.verdict_summary
    assert review["author"]["name"] == settings.SITE_NAME
    assert review["itemReviewed"]["appearance"][0]["name"] == "Coben on the idea"


def test_no_claim_review_without_a_verdict(client, db):
    article = make_article(verdict="")

    objects, _html = jsonld(client, article.get_absolute_url())

    assert [obj["@type"] for obj in objects] == ["NewsArticle"]


def test_article_never_declares_an_aggregate_rating(client, db):
    article = make_article(rating_count=10, rating_sum=45)

    _objects, html = jsonld(client, article.get_absolute_url())

    assert "AggregateRating" not in html
    assert "aggregateRating" not in html


def test_json_ld_cannot_be_broken_out_of(client, db):
    article = make_article(title="</script><script>alert(1)</script> & more")

    objects, html = jsonld(client, article.get_absolute_url())

    assert "<script>alert(1)" not in html
    assert by_type(objects, "NewsArticle")["headline"].startswith("</script><script>")


def test_person_page_is_a_person(client, db):
    person = PersonFactory(name="Minnie Driver", bio="English actor and singer.")
    PersonLink.objects.create(person=person, label="Site", url="https://example.com/md")

    data = by_type(jsonld(client, person.get_absolute_url())[0], "Person")

    assert data["name"] == "Minnie Driver"
    assert data["url"] == f"{settings.SITE_URL}{person.get_absolute_url()}"
    assert data["description"] == "English actor and singer."
    assert data["sameAs"] == ["https://example.com/md"]


@pytest.mark.parametrize(
    "kind, schema_type", [("series", "TVSeries"), ("novel", "Book"), ("film", "Movie")]
)
def test_production_page_type_follows_its_kind(client, db, kind, schema_type):
    production = ProductionFactory(kind=kind, title="Run Away", synopsis="A father searches.")
    if kind == "novel":
        CreditFactory(production=production, role="author", character_name="")
    else:
        CreditFactory(production=production, character_name="Simon Greene")

    data = by_type(jsonld(client, production.get_absolute_url())[0], schema_type)

    assert data["name"] == "Run Away"
    assert data["description"] == "A father searches."
    assert data["url"] == f"{settings.SITE_URL}{production.get_absolute_url()}"
    key = "author" if kind == "novel" else "actor"
    assert data[key][0]["@type"] == "Person"


def test_series_based_on_a_novel_says_so(client, db):
    novel = ProductionFactory(kind="novel", title="Run Away")
    series = ProductionFactory(kind="series", based_on=novel, episode_count=8)

    data = by_type(jsonld(client, series.get_absolute_url())[0], "TVSeries")

    assert data["isBasedOn"]["@type"] == "Book"
    assert data["numberOfEpisodes"] == 8


def test_quote_page_is_a_quotation(client, db):
    quote = QuoteFactory(
        text="The seed that started this show.", source=SourceFactory(outlet="Netflix Tudum")
    )
    quote.productions.add(ProductionFactory(title="Run Away"))

    data = by_type(jsonld(client, quote.get_absolute_url())[0], "Quotation")

    assert data["text"] == "The seed that started this show."
    assert data["creator"] == {
        "@type": "Person",
        "name": quote.speaker.name,
        "url": f"{settings.SITE_URL}{quote.speaker.get_absolute_url()}",
    }
    assert data["citation"]["publisher"]["name"] == "Netflix Tudum"
    assert data["citation"]["url"] == quote.source.url
    assert data["about"][0]["name"] == "Run Away"
