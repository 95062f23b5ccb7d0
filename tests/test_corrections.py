"""Dated public corrections and updates: shown to readers and feeding dateModified."""

import datetime

from django.utils import timezone

import pytest

from articles.models import Correction
from tests.factories import ArticleFactory, BlockFactory, CorrectionFactory
from tests.workflow_forms import article_form_data, change_url

#: Rows change through factories between requests (no service, so no purge).
pytestmark = [pytest.mark.django_db, pytest.mark.page_cache_off]


def test_editor_adds_a_correction_inline_and_readers_get_it_with_the_article(client, editor):
    article = ArticleFactory(with_hero=True, published=True)
    BlockFactory(article=article)
    client.force_login(editor)
    data = article_form_data(article)
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-kind": "correction",
            "corrections-0-note": "The series has eight parts, not six.",
            "corrections-0-published_at_0": timezone.localdate().isoformat(),
            "corrections-0-published_at_1": "09:30:00",
        }
    )

    client.post(change_url(article), data)
    client.logout()
    response = client.get(article.get_absolute_url())

    correction = Correction.objects.get()
    assert correction.article == article
    page = response.content.decode()
    assert "Corrections and updates" in page
    assert "The series has eight parts, not six." in page


def test_a_correction_moves_date_modified_on_the_public_page(client):
    published = timezone.now() - datetime.timedelta(days=10)
    article = ArticleFactory(
        with_hero=True, published=True, publish_at=published, first_published_at=published
    )
    BlockFactory(article=article)
    before = client.get(article.get_absolute_url()).content.decode()
    correction = CorrectionFactory(
        article=article, published_at=published + datetime.timedelta(days=4)
    )

    after = client.get(article.get_absolute_url()).content.decode()

    assert f'"dateModified":"{published.isoformat()}"' in before
    assert f'"dateModified":"{correction.published_at.isoformat()}"' in after
    assert correction.note in after


def test_newest_correction_moves_last_modified():
    published = timezone.now() - datetime.timedelta(days=10)
    article = ArticleFactory(published=True, publish_at=published, first_published_at=published)
    assert article.last_modified == published

    older = CorrectionFactory(article=article, published_at=published + datetime.timedelta(days=1))
    newer = CorrectionFactory(article=article, published_at=published + datetime.timedelta(days=3))

    assert article.last_modified == newer.published_at
    assert list(article.corrections.all()) == [newer, older]  # newest first


def test_last_modified_takes_the_later_of_update_and_corrections():
    published = timezone.now() - datetime.timedelta(days=10)
    article = ArticleFactory(
        published=True,
        publish_at=published,
        first_published_at=published,
        updated_at=published + datetime.timedelta(days=5),
    )
    CorrectionFactory(article=article, published_at=published + datetime.timedelta(days=2))

    assert article.last_modified == published + datetime.timedelta(days=5)


def test_writers_cannot_add_public_corrections(client, writer):
    article = ArticleFactory(authors=[writer])
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()

    assert "Public corrections and updates" not in page
