"""An article lives at /<slug>/, so its slug must not take a site page's address."""

from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver

import pytest

from articles.models import RESERVED_SLUGS, Article
from tests.factories import ArticleFactory
from tests.workflow_forms import article_form_data


def first_segments(patterns):
    """The literal first path segment of every route the site answers to."""
    for entry in patterns:
        route = str(entry.pattern).lstrip("^")
        head = route.split("/", 1)[0]
        if head and "<" not in head and "(" not in head:
            yield head.split(".", 1)[0].rstrip("\\")
        elif not head and isinstance(entry, URLResolver):
            yield from first_segments(entry.url_patterns)


def test_every_site_page_prefix_is_a_reserved_slug():
    assert set(first_segments(get_resolver().url_patterns)) <= RESERVED_SLUGS


@pytest.mark.parametrize("slug", ["search", "tags", "preview", "admin", "feed"])
def test_reserved_slug_is_refused_with_a_reason(db, slug):
    article = ArticleFactory.build(slug=slug)

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "one of the site's own pages" in str(error.value.message_dict["slug"])


def test_editor_saving_a_reserved_slug_is_told_why_and_nothing_is_saved(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/articles/article/add/", article_form_data(slug="search", title="Search me")
    )

    assert response.status_code == 200
    assert "is the address of one of the site&#x27;s own pages" in response.content.decode()
    assert "Search me" in response.content.decode()  # what was typed is kept
    assert not Article.objects.filter(slug="search").exists()
