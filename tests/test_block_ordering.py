"""Blocks are put in order by dragging or by ▲ ▼, which without JavaScript show the form
reordered and save nothing until Save."""

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


def test_move_up_without_javascript_shows_the_new_order_and_saves_nothing(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    data["standfirst"] = "A standfirst typed just before moving a block."
    data[f"blocks-{index_of(data, third)}-text"] = "<p>The epilogue, rewritten.</p>"
    data[MOVE_FIELD] = f"{third.pk}:up"

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    # Nothing is saved: not the order, not what was typed.
    assert order(article) == [first.pk, second.pk, third.pk]
    article.refresh_from_db()
    assert article.standfirst != "A standfirst typed just before moving a block."
    # The form comes back in the new order, with everything typed in it.
    shown = admin_form_data(page, "article_form")
    assert [shown[f"blocks-{i}-id"] for i in range(3)] == [
        str(first.pk),
        str(third.pk),
        str(second.pk),
    ]
    assert [shown[f"blocks-{i}-position"] for i in range(3)] == ["1", "2", "3"]
    assert shown["blocks-1-text"] == "<p>The epilogue, rewritten.</p>"
    assert shown["standfirst"] == "A standfirst typed just before moving a block."
    assert page.index("The epilogue, rewritten.") < page.index("The twist.")
    assert "Moved up one place. Nothing is saved until you press Save." in page
    assert "Please correct the error" not in page
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("Nothing is saved until you press Save" in message for message in messages)

    # Save keeps the order shown and what was typed.
    shown.pop(MOVE_FIELD, None)
    assert client.post(url, {**shown, "_continue": "1"}).status_code == 302
    assert order(article) == [first.pk, third.pk, second.pk]
    article.refresh_from_db()
    third.refresh_from_db()
    assert article.standfirst == "A standfirst typed just before moving a block."
    assert third.text == "<p>The epilogue, rewritten.</p>"


def test_a_move_keeps_text_the_form_would_refuse_and_says_nothing_of_it_yet(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    data["title"] = ""
    data[MOVE_FIELD] = f"{first.pk}:down"

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" not in page
    shown = admin_form_data(page, "article_form")
    assert shown["title"] == ""
    assert shown["blocks-1-id"] == str(first.pk)


def test_move_down_twice_takes_the_first_block_to_the_end(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    for _ in range(2):
        data[MOVE_FIELD] = f"{first.pk}:down"
        response = client.post(url, data)
        assert response.status_code == 200
        data = admin_form_data(response.content.decode(), "article_form")
    data.pop(MOVE_FIELD, None)
    assert client.post(url, {**data, "_continue": "1"}).status_code == 302
    assert order(article) == [second.pk, third.pk, first.pk]
    assert list(article.blocks.values_list("position", flat=True)) == [1, 2, 3]


def test_moving_the_first_block_up_changes_nothing(client, editor, body):
    article, (first, second, third) = body
    client.force_login(editor)
    url, data = change_form(client, article)
    data[MOVE_FIELD] = f"{first.pk}:up"
    shown = admin_form_data(client.post(url, data).content.decode(), "article_form")
    assert [shown[f"blocks-{i}-id"] for i in range(3)] == [
        str(b.pk) for b in (first, second, third)
    ]
    assert order(article) == [first.pk, second.pk, third.pk]


def test_reader_comments_stay_on_their_passage_when_blocks_move(client, editor, body):
    article, (first, second, third) = body
    comment = CommentFactory(article=article, anchor_block=third, body="Loved this ending.")
    client.force_login(editor)
    url, data = change_form(client, article)
    data[MOVE_FIELD] = f"{third.pk}:up"
    shown = admin_form_data(client.post(url, data).content.decode(), "article_form")
    shown.pop(MOVE_FIELD, None)
    client.post(url, {**shown, "_continue": "1"})

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
