"""Quotes and people in the admin: where a quote is used, a person's quotes and credits."""

import pytest

from tests.factories import (
    ArticleFactory,
    CreditFactory,
    PersonFactory,
    QuoteBlockFactory,
    QuoteFactory,
)
from tests.workflow_forms import change_url

pytestmark = pytest.mark.django_db


def test_quote_admin_lists_the_articles_using_it(client, editor):
    quote = QuoteFactory()
    using = ArticleFactory(title="Uses the quote")
    QuoteBlockFactory(article=using, quote=quote)
    ArticleFactory(title="Does not")
    client.force_login(editor)

    page = client.get(f"/admin/people/quote/{quote.pk}/change/").content.decode()

    assert "Uses the quote" in page
    assert f"/admin/articles/article/{using.pk}/change/" in page
    assert "Does not" not in page


def test_unused_quote_says_so(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)

    page = client.get(f"/admin/people/quote/{quote.pk}/change/").content.decode()

    assert "Not used in any article yet." in page


def test_person_admin_shows_their_quotes_and_credits(client, editor):
    person = PersonFactory(name="Harlan Coben")
    quote = QuoteFactory(speaker=person, text="I wanted a father who would do anything")
    credit = CreditFactory(person=person, character_name="")
    client.force_login(editor)

    page = client.get(f"/admin/people/person/{person.pk}/change/").content.decode()

    assert "I wanted a father who would do anything" in page
    assert f"/admin/people/quote/{quote.pk}/change/" in page
    assert credit.production.title in page


def test_block_quote_field_offers_autocomplete_and_add_another(client, editor):
    article = ArticleFactory()
    QuoteBlockFactory(article=article)
    client.force_login(editor)

    page = client.get(change_url(article)).content.decode()

    assert 'data-ajax--url="/admin/autocomplete/"' in page
    assert 'id="add_id_blocks-0-quote"' in page
    assert "/admin/people/quote/add/?_to_field=id&amp;_popup=1" in page


def test_writer_can_create_a_quote_from_the_article(client, writer):
    article = ArticleFactory(authors=[writer])
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()

    assert "/admin/people/quote/add/?_to_field=id&amp;_popup=1" in page
