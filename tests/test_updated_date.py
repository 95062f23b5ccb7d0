"""An explainer's "Updated" date (the page, the sitemap's lastmod, JSON-LD `dateModified`)
moves only when an edit changes what readers read (`articles.updates`)."""

from django.utils import timezone

import pytest

from reader.structured_data import article_jsonld
from tests.factories import ArticleFactory, BlockFactory
from tests.workflow_forms import article_form_data, block_data, change_url

pytestmark = pytest.mark.django_db


def publishable(**kwargs):
    article = ArticleFactory(with_hero=True, **kwargs)
    BlockFactory(article=article)
    return article


@pytest.mark.parametrize(
    "edit",
    [
        {"seo_title": "Run Away: the real case"},
        {"seo_description": "What is true in Run Away."},
        {"review_by": "2030-01-01"},
        {"tags": "thrillers, harlan coben"},
        {"slug": "run-away-true-story"},
    ],
    ids=["seo title", "seo description", "review date", "tags", "slug"],
)
def test_an_edit_readers_cannot_see_does_not_move_the_updated_date(client, editor, edit):
    article = publishable(published=True)
    client.force_login(editor)

    response = client.post(change_url(article), article_form_data(article, **edit))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.updated_at is None
    assert article_jsonld(article)["dateModified"] == article.first_published_at.isoformat()


def test_an_edited_block_moves_the_updated_date(client, editor):
    article = publishable(published=True)
    blocks = [block_data(block) for block in article.blocks.all()]
    blocks[0]["text"] = "<p>A sharper first paragraph.</p>"
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, blocks=blocks))

    article.refresh_from_db()
    assert article.updated_at is not None
    assert article.last_modified == article.updated_at


def test_an_added_correction_moves_the_updated_date(client, editor):
    article = publishable(published=True)
    client.force_login(editor)
    data = article_form_data(article)
    now = timezone.localtime()
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-kind": "correction",
            "corrections-0-note": "The trial was in 2019, not 2018.",
            "corrections-0-published_at_0": now.strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": now.strftime("%H:%M:%S"),
        }
    )

    client.post(change_url(article), data)

    article.refresh_from_db()
    assert article.corrections.count() == 1
    assert article.updated_at is not None
