"""An author corrects or takes back their comment; nobody else can."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from discussion import services
from discussion.models import Comment
from tests.discussion_forms import comment_data, page, post_url
from tests.factories import (
    CommentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


def test_author_can_edit_for_ten_minutes_only(client, article, reader):
    client.force_login(reader)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = CommentFactory(article=article, user=reader, body="Tpyo here")
    edit_url = f"/discussion/comment/{comment.pk}/edit/"

    with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
        response = client.post(edit_url, {"body": "Typo fixed"})
    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.body == "Typo fixed"
    assert comment.edited_at is not None

    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        response = client.post(edit_url, {"body": "Too late"}, follow=True)
    comment.refresh_from_db()
    assert comment.body == "Typo fixed"
    assert "only be edited for 10 minutes" in response.content.decode()


def test_nobody_else_can_edit_a_comment(client, article, reader):
    comment = CommentFactory(article=article)
    client.force_login(reader)

    response = client.post(f"/discussion/comment/{comment.pk}/edit/", {"body": "Hijack"})

    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.body != "Hijack"


def test_guest_can_edit_their_own_comment_from_the_same_browser(client, article):
    client.post(post_url(article), comment_data(body="Frist"))
    comment = Comment.objects.get()

    client.post(f"/discussion/comment/{comment.pk}/edit/", {"body": "First"})

    comment.refresh_from_db()
    assert comment.body == "First"


def test_author_deletion_leaves_a_placeholder_and_updates_the_count(client, article, reader):
    comment = services.comment_post(article=article, body="Mine", user=reader)
    services.comment_approve(comment=comment, moderator=UserFactory(is_superuser=True))
    CommentFactory(article=article, parent=comment, body="A reply")
    client.force_login(reader)

    client.post(f"/discussion/comment/{comment.pk}/delete/")

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert article.comment_count == 0
    html = page(client, article)
    assert "Comment removed" in html and "A reply" in html and "Mine" not in html


def test_an_edit_that_adds_many_links_goes_back_to_the_queue(article, reader, moderator):
    comment = services.comment_post(article=article, body="Harmless", user=reader)
    services.comment_approve(comment=comment, moderator=moderator)

    services.comment_edit(
        comment=comment,
        body="Now see https://a.example https://b.example https://c.example",
        user=reader,
    )

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert article.comment_count == 0


def test_only_the_signed_in_author_or_the_posting_browser_counts_as_author(reader):
    signed_in = CommentFactory(user=reader)
    guest = CommentFactory()

    assert signed_in.is_authored_by(reader)
    assert not signed_in.is_authored_by(UserFactory())
    assert not signed_in.is_authored_by(None, own_comment_ids=[signed_in.pk])
    assert guest.is_authored_by(None, own_comment_ids=[guest.pk])
    assert not guest.is_authored_by(reader, own_comment_ids=[])


def test_the_edit_page_past_ten_minutes_sends_the_author_back_with_the_reason(
    client, article, reader
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = CommentFactory(article=article, user=reader)
    client.force_login(reader)

    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        response = client.get(f"/discussion/comment/{comment.pk}/edit/", follow=True)

    assert "only be edited for 10 minutes" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")
