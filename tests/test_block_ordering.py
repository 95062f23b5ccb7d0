"""Blocks are put in order by dragging or, without JavaScript, by "Move up" / "Move down"."""

import pytest

from articles.admin.forms import MOVE_FIELD
from articles.models import ArticleBlock
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, BlockFactory, CommentFactory, HeadingBlockFactory


@pytest.fixture
def body(db):
    article = ArticleFactory(published=True, slug="fool-me-once-ending")
    first = HeadingBlockFactory(article=article, position=1, heading="What happens")
    second = BlockFactory(article=article, position=2, text="<p>The twist.</p>")
    third = BlockFactory(article=article, position=3, text="<p>The epilogue.</p>")
    return article, [first, second, third]


def change_form(client, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    return url, admin_form_data(client.get(url).content.decode(), "article_form")


def index_of(data, block):
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("blocks-") and key.endswith("-id") and value == str(block.pk)
    )


def order(article):
    return [block.pk for block in ArticleBlock.objects.filter(article=article)]


def test_the_change_form_offers_move_buttons_and_keeps_position_hidden(client, editor, body):
    article, blocks = body
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'name="{MOVE_FIELD}" value="{blocks[1].pk}:up"' in html
    assert f'name="{MOVE_FIELD}" value="{blocks[1].pk}:down"' in html
    # Dragging renumbers a hidden position (django-admin-sortable2); nobody types numbers.
    assert 'type="hidden" name="blocks-0-position"' in html
    assert '<fieldset class="module sortable"' in html


def test_move_up_without_javascript_saves_what_was_typed_with_the_block_moved(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    data["standfirst"] = "A standfirst typed just before moving a block."
    data[f"blocks-{index_of(data, third)}-text"] = "<p>The epilogue, rewritten.</p>"
    data[MOVE_FIELD] = f"{third.pk}:up"

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/#blocks-group"
    assert order(article) == [first.pk, third.pk, second.pk]
    article.refresh_from_db()
    third.refresh_from_db()
    assert article.standfirst == "A standfirst typed just before moving a block."
    assert third.text == "<p>The epilogue, rewritten.</p>"
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("moved up" in message for message in messages)


def test_move_down_twice_takes_the_first_block_to_the_end(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    for _ in range(2):
        url, data = change_form(client, article)
        data[MOVE_FIELD] = f"{first.pk}:down"
        assert client.post(url, data).status_code == 302
    assert order(article) == [second.pk, third.pk, first.pk]
    assert list(article.blocks.values_list("position", flat=True)) == [1, 2, 3]


def test_moving_the_first_block_up_changes_nothing(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    data[MOVE_FIELD] = f"{first.pk}:up"
    assert client.post(url, data).status_code == 302
    assert order(article) == [first.pk, second.pk, third.pk]


def test_reader_comments_stay_on_their_passage_when_blocks_move(client, editor, body):
    article, (first, second, third) = body
    comment = CommentFactory(article=article, anchor_block=third, body="Loved this ending.")
    client.force_login(editor)
    url, data = change_form(client, article)
    data[MOVE_FIELD] = f"{third.pk}:up"
    client.post(url, data)

    comment.refresh_from_db()
    assert comment.anchor_block_id == third.pk
    third.refresh_from_db()
    assert third.position == 2
    # Same row, same stable id: the anchor on the reader's page still points at it.
    assert ArticleBlock.objects.get(uid=third.uid).pk == third.pk


def test_dragged_positions_are_saved_as_posted(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    # What the drag leaves in the hidden inputs: third, first, second.
    data[f"blocks-{index_of(data, third)}-position"] = "1"
    data[f"blocks-{index_of(data, first)}-position"] = "2"
    data[f"blocks-{index_of(data, second)}-position"] = "3"
    assert client.post(url, {**data, "_continue": "1"}).status_code == 302
    assert order(article) == [third.pk, first.pk, second.pk]


def test_a_new_block_goes_after_the_others(client, editor, body):
    article, blocks = body
    client.force_login(editor)
    url, data = change_form(client, article)
    total = int(data["blocks-TOTAL_FORMS"])
    data.update(
        {
            f"blocks-{total}-kind": "heading",
            f"blocks-{total}-heading": "What comes next",
            f"blocks-{total}-position": "",
            "blocks-TOTAL_FORMS": str(total + 1),
            "_continue": "1",
        }
    )
    assert client.post(url, data).status_code == 302
    last = ArticleBlock.objects.filter(article=article).last()
    assert last.heading == "What comes next"
    assert last.position == 4
