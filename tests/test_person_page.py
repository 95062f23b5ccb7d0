"""A person's page: photo, bio, credits by production, quotes with where they are used."""

from articles.models import Article
from people.models import PersonLink
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
    library_image,
)


def test_person_page_shows_photo_credit_bio_and_links(client, db):
    person = PersonFactory(
        name="James Nesbitt",
        bio="Northern Irish actor.",
        photo=library_image("nesbitt.png"),
        photo_alt="James Nesbitt at a premiere",
        photo_credit="Image via ITV",
    )
    PersonLink.objects.create(person=person, label="Official site", url="https://example.com/jn")

    html = client.get(person.get_absolute_url()).content.decode()

    assert "<h1>James Nesbitt</h1>" in html
    assert 'alt="James Nesbitt at a premiere" width="8" height="6"' in html
    assert "Image via ITV" in html
    assert "Northern Irish actor." in html
    assert 'href="https://example.com/jn"' in html


def test_credits_are_grouped_by_production_with_character_names(client, db):
    person = PersonFactory()
    series = ProductionFactory(title="Run Away", year=2026)
    CreditFactory(person=person, production=series, character_name="Simon Greene")
    CreditFactory(person=person, production=series, role="producer", character_name="")
    other = ProductionFactory(title="Cold Feet", year=1997)
    CreditFactory(person=person, production=other, character_name="Adam Williams")

    response = client.get(person.get_absolute_url())
    html = response.content.decode()

    groups = response.context["credit_groups"]
    assert [g["production"].title for g in groups] == ["Run Away", "Cold Feet"]
    assert len(groups[0]["credits"]) == 2
    assert "as</span> Simon Greene" in html
    assert f'href="{series.get_absolute_url()}"' in html


def test_quotes_list_the_published_articles_using_them(client, db):
    person = PersonFactory()
    quote = QuoteFactory(speaker=person, text="I take all my fears and channel them.")
    published = ArticleFactory(published=True, title="Published explainer")
    QuoteBlockFactory(article=published, quote=quote)
    QuoteBlockFactory(article=published, quote=quote)  # twice in one article: listed once
    draft = ArticleFactory(title="Draft explainer")
    QuoteBlockFactory(article=draft, quote=quote)

    html = client.get(person.get_absolute_url()).content.decode()

    assert "I take all my fears and channel them." in html
    assert html.count(">Published explainer</a>") == 1
    assert "Draft explainer" not in html
    assert f'href="{quote.get_absolute_url()}"' in html


def test_articles_about_the_person_show_only_published(client, db):
    person = PersonFactory()
    published = ArticleFactory(published=True, title="About them, published")
    published.people.add(person)
    draft = ArticleFactory(title="About them, draft", status=Article.Status.IN_REVIEW)
    draft.people.add(person)

    html = client.get(person.get_absolute_url()).content.decode()

    assert "About them, published" in html
    assert "About them, draft" not in html


def test_person_quotes_and_articles_are_paginated(client, db):
    person = PersonFactory()
    for n in range(12):
        QuoteFactory(speaker=person, text=f"Quote number {n:02d} here.")
        ArticleFactory(published=True, title=f"Explainer number {n:02d}").people.add(person)

    first = client.get(person.get_absolute_url()).content.decode()
    second = client.get(person.get_absolute_url() + "?quotes=2").content.decode()

    assert first.count("Quote number") == 10
    assert second.count("Quote number") == 2
    assert 'href="?quotes=2"' in first
    assert 'href="?page=2"' in first


def test_unknown_person_is_404(client, db):
    assert client.get("/people/nobody/").status_code == 404


def test_where_a_quote_is_used_follows_a_newly_published_explainer(
    client, editor, django_capture_on_commit_callbacks
):
    from articles import services

    quote = QuoteFactory(speaker=PersonFactory(slug="quoted-person"))
    QuoteBlockFactory(article=ArticleFactory(published=True, title="First use"), quote=quote)
    draft = ArticleFactory(title="Second use", with_hero=True)
    QuoteBlockFactory(article=draft, quote=quote)
    client.cookies["sessionid"] = "rendered-each-time"  # past the page cache

    before = client.get("/people/quoted-person/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=draft, user=editor)
    after = client.get("/people/quoted-person/").content.decode()

    assert "First use" in before and "Second use" not in before
    assert "Second use" in after and "First use" in after
