"""Refusals that show the way forward: links to what exists, rules that say who may, read-only
pages that say whose an article is."""

import pytest

from articles.models import Article
from people.models import Credit, Person
from productions.models import Production
from tests.admin_forms import admin_form_data
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    PersonFactory,
    ProductionFactory,
    SourceFactory,
    UserFactory,
)
from tests.workflow_forms import ADD_URL, article_form_data, change_url

pytestmark = pytest.mark.django_db


def add_form(client, page_url, form_id, **typed):
    data = admin_form_data(client.get(page_url).content.decode(), form_id)
    data.update(typed)
    return data


# == A uniqueness error links to the record that exists ====================================


def test_a_taken_production_slug_links_to_the_production_that_has_it(client, editor):
    existing = ProductionFactory(title="Fool Me Once", slug="fool-me-once")
    client.force_login(editor)
    url = "/admin/productions/production/add/"

    response = client.post(
        url,
        add_form(client, url, "production_form", title="Fool me once", slug="fool-me-once"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Production with this Slug already exists: <a href=" in page
    assert f'href="/admin/productions/production/{existing.pk}/change/"' in page
    assert f"open “{existing}”" in page
    assert Production.objects.count() == 1


def test_a_taken_person_slug_links_to_the_person(client, editor):
    existing = PersonFactory(name="Harlan Coben", slug="harlan-coben")
    client.force_login(editor)
    url = "/admin/people/person/add/"

    response = client.post(
        url, add_form(client, url, "person_form", name="Harlan Coben", slug="harlan-coben")
    )

    assert f'href="/admin/people/person/{existing.pk}/change/"' in response.content.decode()


def test_a_taken_article_slug_links_to_the_article(client, editor):
    existing = ArticleFactory(slug="is-run-away-a-true-story", title="The first one")
    client.force_login(editor)

    response = client.post(ADD_URL, article_form_data())

    page = response.content.decode()
    assert f'href="/admin/articles/article/{existing.pk}/change/"' in page
    assert "open “The first one”" in page


def test_a_source_cited_twice_links_to_the_source_already_stored(client, editor):
    existing = SourceFactory(url="https://example.com/interview", title="The interview")
    client.force_login(editor)
    url = "/admin/people/source/add/"

    response = client.post(
        url,
        add_form(
            client,
            url,
            "source_form",
            title="Same interview",
            outlet="Example",
            url="https://example.com/interview",
        ),
    )

    assert f'href="/admin/people/source/{existing.pk}/change/"' in response.content.decode()


def test_a_tag_name_taken_links_to_the_tag(client, editor):
    from taggit.models import Tag

    existing = Tag.objects.create(name="thrillers")
    client.force_login(editor)
    url = "/admin/taggit/tag/add/"

    response = client.post(url, add_form(client, url, "tag_form", name="thrillers", slug="x"))

    assert f'href="/admin/taggit/tag/{existing.pk}/change/"' in response.content.decode()


# == "Based on" never points at itself =====================================================


def test_a_production_cannot_be_based_on_itself(client, editor):
    series = ProductionFactory(title="Fool Me Once (series)")
    client.force_login(editor)
    url = f"/admin/productions/production/{series.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "production_form")
    data["based_on"] = str(series.pk)

    response = client.post(url, data)

    assert response.status_code == 200
    assert "A production cannot be based on itself." in response.content.decode()
    series.refresh_from_db()
    assert series.based_on is None


def test_based_on_autocomplete_does_not_offer_the_production_being_edited(client, editor):
    series = ProductionFactory(title="Fool Me Once (series)")
    novel = ProductionFactory(title="Fool Me Once (novel)")
    client.force_login(editor)

    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "Fool",
            "app_label": "productions",
            "model_name": "production",
            "field_name": "based_on",
        },
        headers={"referer": f"http://testserver/admin/productions/production/{series.pk}/change/"},
    )

    offered = {int(result["id"]) for result in response.json()["results"]}
    assert offered == {novel.pk}


# == Writers add the people, credits, sources and quotes their piece needs ==================


def test_a_writer_adds_a_person_with_a_credit(client, writer):
    production = ProductionFactory(title="Fool Me Once")
    client.force_login(writer)
    url = "/admin/people/person/add/"
    data = add_form(client, url, "person_form", name="Michelle Keegan", slug="michelle-keegan")
    data.update(
        {
            "credits-TOTAL_FORMS": "1",
            "credits-0-production": str(production.pk),
            "credits-0-role": "actor",
            "credits-0-character_name": "Maya Stern",
            "credits-0-billing_order": "1",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(slug="michelle-keegan")
    assert Credit.objects.get(person=person).character_name == "Maya Stern"


def test_a_writer_changes_people_and_sources_but_deletes_none(client, writer):
    person, source = PersonFactory(), SourceFactory()
    client.force_login(writer)

    assert client.get(f"/admin/people/person/{person.pk}/change/").status_code == 200
    assert client.get(f"/admin/people/source/{source.pk}/change/").status_code == 200
    assert client.get(f"/admin/people/person/{person.pk}/delete/").status_code == 403
    assert client.get(f"/admin/people/source/{source.pk}/delete/").status_code == 403
    assert client.get("/admin/productions/production/add/").status_code == 403


# == A writer is told whose an article is ===================================================


def test_a_writer_opening_an_editors_published_piece_reads_whose_it_is(client, writer):
    editor = UserFactory(username="ed", first_name="Ed", last_name="Nash", is_staff=True)
    article = ArticleFactory(published=True, authors=[editor], title="An editor's piece")
    client.force_login(writer)

    response = client.get(change_url(article))

    page = response.content.decode()
    assert response.status_code == 200
    assert "This article belongs to Ed Nash; you can view it but not change it." in page
    assert "doesn’t exist" not in page and "Perhaps it was deleted" not in page
    assert 'name="_save"' not in page  # read-only


def test_a_writer_posting_to_a_piece_not_theirs_changes_nothing_and_is_told_why(client, writer):
    article = ArticleFactory(published=True, authors=[UserFactory()], title="Not yours")

    client.force_login(writer)
    response = client.post(
        change_url(article), article_form_data(article, title="Taken over"), follow=True
    )

    article.refresh_from_db()
    assert article.title == "Not yours"
    assert "you can view it but not change it" in response.content.decode()


def test_a_writer_opening_another_writers_draft_is_refused_in_words(client, writer):
    draft = ArticleFactory(authors=[UserFactory()], title="Secret draft")
    client.force_login(writer)

    response = client.get(change_url(draft), follow=True)

    page = response.content.decode()
    assert "someone else&#x27;s draft" in page or "someone else's draft" in page
    assert "Secret draft" not in page
    assert "Perhaps it was deleted" not in page


def test_a_writers_refused_publish_leads_with_the_reason_for_writers(client, writer):
    article = ArticleFactory(authors=[writer])  # no hero image: publishing would fail anyway
    BlockFactory(article=article)
    client.force_login(writer)

    response = client.post(change_url(article), article_form_data(article, workflow="publish"))

    page = response.content.decode()
    assert "Writers submit for review; an editor publishes" in page
    assert "Still missing" not in page
    assert "is needed before publishing" not in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
