"""A tag has a display name and a slug: a typed name finds its tag; readers see the name."""

import pytest
from taggit.models import Tag

from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SUGGEST_URL = "/admin/articles/article/tags/suggest/"


@pytest.fixture
def coben():
    """`harlan-coben`, as the old demo and many imports name tags: the slug as the name."""
    earlier = ArticleFactory(published=True, slug="run-away-true-story")
    earlier.tags.add("harlan-coben")
    return Tag.objects.get(slug="harlan-coben")


def test_typing_the_display_name_in_the_article_form_reuses_the_slug_named_tag(
    client, editor, coben
):
    article = ArticleFactory(published=True, slug="fool-me-once-ending")
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "article_form")
    data.update(tags="Harlan Coben, Netflix", _continue="1")

    assert client.post(url, data).status_code == 302

    assert list(Tag.objects.filter(name__icontains="coben")) == [coben]
    assert list(article.tags.filter(slug__startswith="harlan")) == [coben]
    assert client.get("/tags/harlan-coben/").context["paginator"].count == 2


def test_every_way_of_setting_tags_reuses_the_tag(coben):
    article = ArticleFactory()
    article.tags.add("Harlan Coben")
    article.tags.set(["HARLAN COBEN", "harlan-coben"])

    assert list(article.tags.all()) == [coben]
    assert Tag.objects.count() == 1


def test_a_name_matching_one_tag_and_the_slug_of_another_takes_the_named_one(coben):
    named = Tag.objects.create(name="Harlan Coben", slug="coben-the-author")
    article = ArticleFactory()

    article.tags.add("harlan coben")

    assert list(article.tags.all()) == [named]


def test_a_new_name_still_makes_a_tag_with_its_display_name_and_slug(db):
    article = ArticleFactory()

    article.tags.add("True story")

    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("True story", "true-story")


def test_suggestions_put_the_tag_a_name_means_first(client, editor, coben):
    ArticleFactory().tags.add("Coben adaptations", "Harlan Coben novels", coben)
    ArticleFactory().tags.add("Coben adaptations")
    client.force_login(editor)

    by_name = client.get(SUGGEST_URL, {"q": "Harlan Coben"}).json()["tags"]
    by_prefix = client.get(SUGGEST_URL, {"q": "harlan co"}).json()["tags"]
    contained = client.get(SUGGEST_URL, {"q": "coben"}).json()["tags"]

    assert by_name == ["harlan-coben", "Harlan Coben novels"]
    assert by_prefix == ["harlan-coben", "Harlan Coben novels"]
    assert contained == ["Coben adaptations", "harlan-coben", "Harlan Coben novels"]
    assert client.get(SUGGEST_URL, {"q": "Netflix"}).json()["tags"] == []


def test_readers_see_the_display_name_on_the_tag_page_and_its_follow_button(client):
    article = ArticleFactory(published=True, title="Is Run Away a true story?")
    article.tags.add("Netflix")

    page = client.get("/tags/netflix/").content.decode()
    article_page = client.get(article.get_absolute_url()).content.decode()

    assert "<h1>Netflix</h1>" in page
    assert "Follow Netflix</button>" in page
    assert '<a class="chip" href="/tags/netflix/">Netflix</a>' in article_page


def test_the_demo_tags_have_display_names(db):
    from articles.demo.content import ARTICLES

    names = {name for data in ARTICLES for name in data["tags"]}

    assert {"Harlan Coben", "Netflix"} <= names
    assert all(name != name.lower() for name in names)
