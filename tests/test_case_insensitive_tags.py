"""Tags do not split by capitals: "Netflix" beside "netflix" is the same tag, suggested as typed."""

import pytest
from taggit.models import Tag

from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory

SUGGEST_URL = "/admin/articles/article/tags/suggest/"


@pytest.fixture
def netflix(db):
    earlier = ArticleFactory(published=True, slug="run-away-true-story")
    earlier.tags.add("netflix")
    return earlier


def test_typing_a_tag_with_other_capitals_reuses_the_existing_tag(client, editor, netflix):
    article = ArticleFactory(published=True, slug="fool-me-once-ending")
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "article_form")
    data.update(tags="Netflix, Harlan Coben", _continue="1")

    assert client.post(url, data).status_code == 302

    assert Tag.objects.filter(name__iexact="netflix").count() == 1
    assert not Tag.objects.filter(slug="netflix_1").exists()
    assert set(article.tags.names()) == {"netflix", "Harlan Coben"}


def test_one_tag_page_lists_both_articles(client, netflix):
    other = ArticleFactory(published=True, slug="fool-me-once-ending", title="Fool Me Once")
    other.tags.add("NETFLIX")

    page = client.get("/tags/netflix/")

    assert page.status_code == 200
    assert "Fool Me Once" in page.content.decode()
    assert netflix.title in page.content.decode()


def test_suggestions_offer_existing_tags_most_used_first(client, editor, netflix):
    ArticleFactory(slug="another").tags.add("netflix", "Netflix originals")
    client.force_login(editor)

    answer = client.get(SUGGEST_URL, {"q": "NET"}).json()

    assert answer["tags"] == ["netflix", "Netflix originals"]
    assert client.get(SUGGEST_URL, {"q": " "}).json() == {"tags": []}


def test_suggestions_are_for_people_who_write_articles(client, reader, moderator, netflix):
    client.force_login(moderator)
    assert client.get(SUGGEST_URL, {"q": "net"}).status_code == 403
    client.force_login(reader)
    assert client.get(SUGGEST_URL, {"q": "net"}).status_code == 302  # to the admin login


def test_the_tags_field_still_takes_free_text_and_loads_the_suggester(client, editor, netflix):
    client.force_login(editor)
    page = client.get("/admin/articles/article/add/").content.decode()

    assert 'name="tags"' in page
    assert f'data-url="{SUGGEST_URL}"' in page
    assert "admin/marquee/tags.js" in page
