"""Editing a ranked list in the admin: entries are blocks picked from the catalogue and put in
order like any other (drag or ▲ ▼); a production is in a list once, entries belong to ranked
lists only, and revisions compare an entry by its production's name."""

import re

from django.db import IntegrityError, transaction

import pytest
from reversion.models import Version

from articles.models import Article, ArticleBlock
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, BlockFactory, ProductionFactory
from tests.test_ranked_lists import TITLES, entry, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def productions(db):
    return [ProductionFactory(title=title, slug=f"p-{n}") for n, title in enumerate(TITLES)]


def change_form(client, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    return url, admin_form_data(client.get(url).content.decode(), "article_form")


def add_entries(data, productions):
    total = int(data["blocks-TOTAL_FORMS"])
    for offset, production in enumerate(productions):
        index = total + offset
        data.update(
            {
                f"blocks-{index}-kind": "entry",
                f"blocks-{index}-production": str(production.pk),
                f"blocks-{index}-text": f"<p>{production.title} earns its place.</p>",
                f"blocks-{index}-position": "",
            }
        )
    data["blocks-TOTAL_FORMS"] = str(total + len(productions))
    data["_continue"] = "1"
    return data


def test_an_editor_adds_entries_and_reorders_them_by_their_positions(client, editor, productions):
    article = ArticleFactory(published=True, kind=Article.Kind.LIST, slug="best-thrillers")
    client.force_login(editor)
    url, data = change_form(client, article)
    assert client.post(url, add_entries(data, productions)).status_code == 302
    assert [b.production for b in article.blocks.all()] == productions

    # Dragging renumbers the hidden positions: the last entry goes first.
    url, data = change_form(client, article)
    data.update({"blocks-0-position": "2", "blocks-1-position": "3", "blocks-2-position": "1"})
    data["_continue"] = "1"
    assert client.post(url, data).status_code == 302

    assert [b.production.title for b in article.blocks.all()] == [
        "Missing You",
        "Run Away",
        "Fool Me Once",
    ]
    client.logout()
    html = page(client, article)
    assert 'id="1-missing-you"' in html and 'id="3-fool-me-once"' in html


def test_the_change_form_picks_productions_by_autocomplete_and_sets_the_countdown(client, editor):
    article = ArticleFactory(kind=Article.Kind.LIST, slug="best-thrillers")
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert 'name="countdown"' in html
    assert "Ranked entry" in html
    assert re.search(r'<select name="blocks-__prefix__-production"[^>]*admin-autocomplete', html)


def test_a_production_goes_in_a_list_once(client, editor, productions):
    article = ArticleFactory(kind=Article.Kind.LIST, slug="best-thrillers")
    client.force_login(editor)
    url, data = change_form(client, article)

    response = client.post(url, add_entries(data, [productions[0], productions[1], productions[0]]))

    assert response.status_code == 200
    assert (
        "“Run Away (2026)” is in the list twice: keep one entry for it."
        in response.content.decode()
    )
    assert not article.blocks.exists()
    # What was typed comes back to be fixed.
    assert "Fool Me Once earns its place." in response.content.decode()


def test_the_database_refuses_a_second_entry_for_the_same_production(productions):
    article = ArticleFactory(kind=Article.Kind.LIST)
    entry(article, productions[0], 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(article, productions[0], 2)


def test_entries_belong_to_a_ranked_list_only(client, editor, productions):
    article = ArticleFactory(kind=Article.Kind.NEWS, slug="news-piece")
    client.force_login(editor)
    url, data = change_form(client, article)

    response = client.post(url, add_entries(data, productions[:1]))

    assert response.status_code == 200
    assert "Ranked entries belong to a ranked list" in response.content.decode()
    assert not article.blocks.exists()


def test_an_entry_needs_a_production():
    article = ArticleFactory(kind=Article.Kind.LIST)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockFactory(article=article, kind=ArticleBlock.Kind.ENTRY, text="<p>No show.</p>")


def test_compare_names_an_entry_by_its_production(client, editor, productions):
    article = ArticleFactory(kind=Article.Kind.LIST, slug="best-thrillers")
    client.force_login(editor)
    url, data = change_form(client, article)
    assert client.post(url, add_entries(data, productions[:2])).status_code == 302
    url, data = change_form(client, article)
    data["blocks-1-production"] = str(productions[2].pk)
    data["_continue"] = "1"
    assert client.post(url, data).status_code == 302

    newer, older = list(Version.objects.get_for_object(article))[:2]
    response = client.get(
        f"/admin/articles/article/{article.pk}/history/compare/",
        {"from": older.pk, "to": newer.pk},
    )

    (change,) = response.context["comparison"].block_changes
    assert [field.label for field in change.fields] == ["Production"]
    html = response.content.decode()
    assert "Fool Me Once" in html and "Missing You" in html
