"""How comments read on the article page: safe text, nesting, placeholders, sorting, pages."""

import datetime

import pytest

from discussion.models import Comment
from discussion.selectors import thread_page
from discussion.text import render_plain_text
from tests.discussion_forms import page
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


def test_plain_text_links_are_safe_and_line_breaks_kept():
    html = render_plain_text("Look: https://example.com/x?a=1&b=2\nnext line\n\nnew <i>para</i>")

    assert (
        '<a href="https://example.com/x?a=1&amp;b=2" rel="nofollow ugc noopener">'
        "https://example.com/x?a=1&amp;b=2</a>" in html
    )
    assert "<br>next line</p><p>new &lt;i&gt;para&lt;/i&gt;</p>" in html


def test_a_javascript_url_is_not_linked():
    html = render_plain_text('javascript:alert(1) "><script>')

    assert "<a" not in html
    assert "&lt;script&gt;" in html


def test_replies_nest_to_depth_three_then_flatten_with_in_reply_to(client, article):
    root = CommentFactory(article=article, guest_name="Level1")
    second = CommentFactory(article=article, parent=root, guest_name="Level2")
    third = CommentFactory(article=article, parent=second, guest_name="Level3")
    fourth = CommentFactory(article=article, parent=third, guest_name="Level4")
    fifth = CommentFactory(article=article, parent=fourth, guest_name="Level5")

    result = thread_page(article=article)

    [shown_root] = result["threads"]
    shown_second = shown_root.children[0]
    assert shown_second.pk == second.pk
    # Levels 4 and 5 sit at level 3, after their level-3 ancestor, saying whom they answer.
    assert [child.pk for child in shown_second.children] == [third.pk, fourth.pk, fifth.pk]
    assert [child.reply_to for child in shown_second.children] == [None, third, fourth]
    html = page(client, article)
    assert f'in reply to <a href="#comment-{fourth.pk}">Level4</a>' in html


def test_a_removed_comment_with_replies_leaves_a_placeholder(client, article):
    removed = CommentFactory(article=article, status=Comment.Status.REMOVED, body="Gone words")
    CommentFactory(article=article, parent=removed, body="Still here")
    CommentFactory(article=article, status=Comment.Status.REMOVED, body="Lonely removed")

    html = page(client, article)

    assert "Comment removed" in html
    assert "Still here" in html
    assert "Gone words" not in html
    assert "Lonely removed" not in html
    assert html.count("Comment removed") == 1


def test_spoiler_comment_is_folded_until_opened(client, article):
    CommentFactory(article=article, is_spoiler=True, body="The son did it")

    html = page(client, article)

    assert '<details class="comment-spoiler"><summary>Contains spoilers' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("oldest", ["A", "B", "C"]), ("newest", ["C", "B", "A"]), ("votes", ["B", "C", "A"])],
)
def test_sort_is_chosen_in_the_url(client, article, sort, expected):
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for offset, (name, score) in enumerate([("A", 0), ("B", 5), ("C", 5)]):
        CommentFactory(
            article=article,
            body=f"Body {name}",
            score=score,
            created_at=start + datetime.timedelta(hours=offset),
        )

    html = page(client, article, f"?sort={sort}")

    positions = [html.index(f"Body {name}") for name in expected]
    assert positions == sorted(positions)
    assert 'aria-current="true" class="is-current">' in html


def test_comments_are_paginated_with_a_load_more_link(client, article):
    Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                guest_name="G",
                guest_email="g@example.com",
                body=f"n{i:02}",
                status=Comment.Status.APPROVED,
            )
            for i in range(25)
        ]
    )

    first = page(client, article)
    second = page(client, article, "?page=2")

    assert "n00" in first and "n19" in first and "n20" not in first
    assert "Load more comments" in first
    assert "n20" in second and "n24" in second
    assert "Previous comments" in second and "Previous comments" not in first
    partial = client.get(
        f"/discussion/{article.pk}/comments/?sort=oldest&page=2",
        headers={"x-requested-with": "XMLHttpRequest"},
    ).content.decode()
    assert "n24" in partial and "<html" not in partial


def test_a_comment_by_the_articles_author_is_marked(client):
    writer = UserFactory(username="writer-of-it", first_name="Wes", last_name="Okafor")
    article = ArticleFactory(published=True, authors=[writer])
    CommentFactory(article=article, user=writer, body="Thanks for reading!")
    CommentFactory(article=article, body="Great piece")

    html = page(client, article)

    assert html.count('<span class="badge badge-author">Author</span>') == 1
