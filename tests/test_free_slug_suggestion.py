"""A slug clash names a free slug to use instead, and the form keeps what was typed."""

import pytest

from core.slugs import free_slug
from people.models import Person
from productions.models import Production
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, PersonFactory, ProductionFactory
from tests.workflow_forms import ADD_URL, article_form_data

pytestmark = pytest.mark.django_db

PRODUCTION_ADD = "/admin/productions/production/add/"


def add_form(client, page_url, form_id, **typed):
    data = admin_form_data(client.get(page_url).content.decode(), form_id)
    data.update(typed)
    return data


def add_novel(client, **typed):
    fields = {
        "title": "Missing You",
        "slug": "missing-you",
        "kind": "novel",
        "year": "2016",
        "platform": "Grand Central",
        "synopsis": "A detective finds her ex-fiancé on a dating site.",
        **typed,
    }
    return client.post(
        PRODUCTION_ADD, add_form(client, PRODUCTION_ADD, "production_form", **fields)
    )


def test_a_novel_clashing_with_its_series_is_offered_a_slug_with_its_kind(client, editor):
    ProductionFactory(title="Missing You", slug="missing-you", kind="series", year=2025)
    client.force_login(editor)

    response = add_novel(client)

    page = response.content.decode()
    assert "Production with this Slug already exists" in page
    assert "“<kbd>missing-you-novel</kbd>” is free: use it instead." in page
    assert Production.objects.count() == 1
    # Everything typed is still in the form.
    form = response.context["adminform"].form
    assert form["title"].value() == "Missing You"
    assert form["kind"].value() == "novel"
    assert form["year"].value() == "2016"
    assert form["platform"].value() == "Grand Central"
    assert "A detective finds her ex-fiancé on a dating site." in page


def test_when_the_kind_is_taken_too_the_year_tells_them_apart(client, editor):
    ProductionFactory(title="Missing You", slug="missing-you", kind="series", year=2025)
    ProductionFactory(title="Missing You", slug="missing-you-novel", kind="novel", year=2014)
    client.force_login(editor)

    page = add_novel(client).content.decode()

    assert "“<kbd>missing-you-2016</kbd>” is free" in page


def test_the_suggested_slug_is_accepted(client, editor):
    ProductionFactory(title="Missing You", slug="missing-you", kind="series", year=2025)
    client.force_login(editor)

    add_novel(client, slug="missing-you-novel")

    assert Production.objects.get(slug="missing-you-novel").kind == "novel"


def test_a_person_slug_clash_suggests_the_next_number(client, editor):
    PersonFactory(name="Harlan Coben", slug="harlan-coben")
    PersonFactory(name="Harlan Coben", slug="harlan-coben-2")
    client.force_login(editor)
    url = "/admin/people/person/add/"

    response = client.post(
        url, add_form(client, url, "person_form", name="Harlan Coben", slug="harlan-coben")
    )

    assert "“<kbd>harlan-coben-3</kbd>” is free" in response.content.decode()
    assert Person.objects.count() == 2


def test_an_article_slug_clash_suggests_a_free_slug(client, editor):
    ArticleFactory(slug="is-run-away-a-true-story", title="The first one")
    client.force_login(editor)

    response = client.post(ADD_URL, article_form_data())

    page = response.content.decode()
    assert "“<kbd>is-run-away-a-true-story-2</kbd>” is free" in page
    assert response.context["adminform"].form["standfirst"].value() == (
        "What is true and what is invented in the Harlan Coben series."
    )


def test_a_suggestion_stays_within_the_slug_length():
    long_slug = "a" * 220
    ProductionFactory(slug=long_slug)

    suggestion = free_slug(Production(title="A", slug=long_slug, kind="film", year=2024))

    assert suggestion == f"{'a' * 215}-film"
    assert len(suggestion) <= Production._meta.get_field("slug").max_length
