"""A published article's old URL keeps working with a permanent redirect."""

import pytest

from articles.models import SlugRedirect
from tests.factories import ArticleFactory, BlockFactory
from tests.workflow_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db


def test_changing_a_published_slug_redirects_the_old_url(client, editor):
    article = ArticleFactory(with_hero=True, published=True, slug="old-address")
    BlockFactory(article=article)
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, slug="new-address"))
    client.logout()
    response = client.get("/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/new-address/"
    assert client.get("/new-address/").status_code == 200


def test_renaming_a_draft_keeps_no_redirect(client, editor):
    article = ArticleFactory(slug="draft-address")
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, slug="better-address"))

    assert not SlugRedirect.objects.exists()


def test_taking_back_an_old_slug_drops_its_redirect(client, editor):
    article = ArticleFactory(with_hero=True, published=True, slug="first")
    BlockFactory(article=article)
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, slug="second"))
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, slug="first"))

    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["second"]
    assert client.get("/first/").status_code == 200
    assert client.get("/second/").status_code == 301


def test_old_slug_of_an_unpublished_article_is_404(client):
    article = ArticleFactory(slug="now-a-draft")
    SlugRedirect.objects.create(old_slug="was-public", article=article)

    assert client.get("/was-public/").status_code == 404


def test_slug_is_prepopulated_from_the_title(client, editor):
    client.force_login(editor)

    page = client.get("/admin/articles/article/add/").content.decode()

    assert "data-prepopulated-fields" in page or "prepopulated_fields" in page
    assert '"dependency_list": ["title"]' in page.replace("&quot;", '"')
