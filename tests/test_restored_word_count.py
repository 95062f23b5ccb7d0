"""After Restore, the writing aids count the restored words, not the saved article's."""

import pytest

from articles.autosave import article_autosave_store
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, BlockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(standfirst="Two words.")
    BlockFactory(article=article, position=1, text="<p>One two three.</p>")
    return article


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_a_restored_form_asks_the_page_to_count_its_own_words(client, editor, article):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(article)).content.decode(), "article_form")
    data["standfirst"] = "Many more words than the saved article has in it."
    article_autosave_store(
        user=editor, article=article, data={name: [value] for name, value in data.items()}
    )

    restored = client.get(f"{change_url(article)}?autosave=restore").content.decode()
    opened = client.get(change_url(article)).content.decode()

    assert 'data-recount="true"' in restored
    assert "Many more words than the saved article has in it." in restored
    # Opened plainly, the form shows the saved article, whose count the server gave.
    assert 'data-recount="true"' not in opened
    assert '<span id="mq-word-count">5</span>' in opened
