import datetime
import time

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

import pytest
import time_machine

from discussion import services
from discussion.forms import fill_stamp
from discussion.models import Comment, Subscription
from tests.discussion_forms import comment_data, page, post_url
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    QuoteBlockFactory,
    SubscriptionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


def test_guest_first_comment_is_pending_and_only_its_author_sees_it(client, article):
    response = client.post(post_url(article), comment_data(body="My very first thought"))

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    assert response["Location"].endswith(f"{article.get_absolute_url()}#discussion")
    assert "awaiting moderation" in str(list(get_messages(response.wsgi_request))[0])
    assert "My very first thought" in page(client, article)

    from django.test import Client

    assert "My very first thought" not in page(Client(), article)
    article.refresh_from_db()
    assert article.comment_count == 0


def test_approval_shows_the_comment_to_everyone_and_counts_it(
    client, article, moderator, django_capture_on_commit_callbacks
):
    client.post(post_url(article), comment_data(body="Worth waiting for"))
    comment = Comment.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=comment, moderator=moderator)

    from django.test import Client

    html = page(Client(), article)
    assert "Worth waiting for" in html
    article.refresh_from_db()
    assert article.comment_count == 1
    assert ">1</span> comment" in html


def test_signed_in_reader_with_an_approved_comment_is_published_at_once(client, article, reader):
    CommentFactory(article=article, user=reader)
    client.force_login(reader)

    client.post(post_url(article), comment_data(body="Second thoughts", name="", email=""))

    assert Comment.objects.get(body="Second thoughts").status == Comment.Status.APPROVED


def test_known_guest_name_and_email_alone_are_not_trusted(client, article):
    CommentFactory(article=article, guest_name="Ada", guest_email="ada@example.com")

    client.post(post_url(article), comment_data(body="Spoofable me"))

    assert Comment.objects.get(body="Spoofable me").status == Comment.Status.PENDING


def test_guest_who_opened_their_confirmation_link_here_and_has_an_approved_comment_is_trusted(
    client, article
):
    CommentFactory(article=article, guest_name="Ada", guest_email="ada@example.com")
    subscription = SubscriptionFactory(article=article, email="ada@example.com")
    client.get(f"/discussion/confirm/{services.confirm_token(subscription)}/")

    client.post(post_url(article), comment_data(body="Proven me", email="ADA@example.com"))

    assert Comment.objects.get(body="Proven me").status == Comment.Status.APPROVED


def test_someone_else_typing_a_confirmed_guests_email_is_held_for_a_moderator(client, article):
    # Ada confirmed her address in her own browser; knowing it proves nothing about this one.
    CommentFactory(article=article, guest_name="Ada", guest_email="ada@example.com")
    SubscriptionFactory(article=article, email="ada@example.com")

    client.post(post_url(article), comment_data(body="Pretending to be Ada"))

    assert Comment.objects.get(body="Pretending to be Ada").status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "body",
    [
        "See https://a.example https://b.example and https://c.example",
        "Cheap VIAGRA here",
    ],
)
def test_many_links_or_a_blocklisted_word_hold_even_a_trusted_comment(
    client, article, reader, body
):
    CommentFactory(article=article, user=reader)
    client.force_login(reader)

    client.post(post_url(article), comment_data(body=body))

    held = Comment.objects.get(body=body)
    assert held.status == Comment.Status.PENDING
    assert held.hold_reason


def test_honeypot_drops_a_bot_silently(client, article):
    response = client.post(post_url(article), comment_data(website="http://spam.example"))

    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_a_form_posted_faster_than_a_person_types_is_dropped(client, article, settings):
    settings.DISCUSSION_MIN_FILL_SECONDS = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        data = comment_data(stamp=fill_stamp())
    with time_machine.travel(start + datetime.timedelta(seconds=1), tick=False):
        client.post(post_url(article), data)
    assert not Comment.objects.exists()

    with time_machine.travel(start + datetime.timedelta(seconds=10), tick=False):
        client.post(post_url(article), data)
    assert Comment.objects.count() == 1


def test_a_forged_stamp_is_dropped(client, article):
    client.post(post_url(article), comment_data(stamp=f"{time.time() - 60}"))

    assert not Comment.objects.exists()


# ---------------------------------------------------------------- hostile input


def test_html_in_names_and_bodies_comes_back_escaped(client, article):
    comment = CommentFactory(
        article=article,
        guest_name="<script>alert('name')</script>",
        body="<b>bold</b><script>alert(1)</script>",
    )

    html = page(client, article)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in html
    assert f'id="comment-{comment.pk}"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "x" * 100_000}, "under 5,000 characters (it has 100,000)"),
        ({"body": ""}, "Please write a comment before posting."),
        ({"body": "   "}, "Please write a comment before posting."),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"name": ""}, "Please give your name."),
        ({"email": ""}, "Please give your email address"),
    ],
)
def test_bad_comments_are_refused_with_a_clear_message_and_keep_what_was_typed(
    client, article, data, message
):
    response = client.post(post_url(article), comment_data(**{"name": "Ada & Co", **data}))

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert not Comment.objects.exists()
    if data.get("name") != "":
        assert 'value="Ada &amp; Co"' in html


def test_a_reply_to_a_comment_of_another_article_is_refused(client, article):
    elsewhere = CommentFactory()

    response = client.post(post_url(article), comment_data(parent=elsewhere.pk))

    assert response.status_code == 400
    assert "You can only reply to a comment under this article." in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_service_refuses_a_parent_from_another_article_too(article):
    elsewhere = CommentFactory()

    with pytest.raises(services.DiscussionError, match="under this article"):
        services.comment_post(
            article=article,
            body="Sneaky",
            guest_name="A",
            guest_email="a@example.com",
            parent=elsewhere,
        )


def test_comments_are_closed_when_the_article_says_so(client):
    article = ArticleFactory(published=True, allow_comments=False)

    response = client.post(post_url(article), comment_data())

    assert response.status_code == 400
    assert "Comments are closed" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_draft_cannot_be_commented(client):
    draft = ArticleFactory()

    assert client.post(post_url(draft), comment_data()).status_code == 404


# ---------------------------------------------------------------- inline feedback


def test_inline_feedback_counts_on_the_block_and_names_the_passage(client, article, moderator):
    block = QuoteBlockFactory(article=article, quote__text="Every family has secrets")
    client.post(post_url(article), comment_data(body="Chilling line", anchor=str(block.uid)))
    comment = Comment.objects.get()
    assert comment.anchor_block == block

    services.comment_approve(comment=comment, moderator=moderator)

    block.refresh_from_db()
    assert block.feedback_count == 1
    html = page(client, article)
    assert '<span class="feedback-count" data-feedback-count>1</span>' in html
    assert "On the passage" in html and "“Every family has secrets”" in html
    filtered = page(client, article, f"?block={block.uid}")
    assert "Chilling line" in filtered and "Showing comments on one passage" in filtered


def test_feedback_on_a_block_of_another_article_is_refused(client, article):
    other_block = QuoteBlockFactory()

    response = client.post(post_url(article), comment_data(anchor=str(other_block.uid)))

    assert response.status_code == 400
    assert "That passage is not part of this article." in response.content.decode()
    assert not Comment.objects.exists()


# ---------------------------------------------------------------- javascript path


def test_posting_with_javascript_answers_json_with_the_rendered_comment(client, article):
    response = client.post(
        post_url(article),
        comment_data(body="Via fetch"),
        headers={"x-requested-with": "XMLHttpRequest", "accept": "application/json"},
    )

    payload = response.json()
    assert response.status_code == 201
    assert payload["status"] == "pending"
    assert "Via fetch" in payload["html"]


def test_me_endpoint_gives_the_readers_own_state(client, article):
    client.post(post_url(article), comment_data(body="Mine, pending"))

    payload = client.get(f"/discussion/{article.pk}/me/").json()

    assert payload["csrf"]
    assert "Mine, pending" in payload["pending_html"]
    assert payload["rating"] is None


def test_notify_checkbox_asks_a_guest_to_confirm(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), comment_data(notify_all="on"))

    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert len(mailoutbox) == 1
    assert "/discussion/confirm/" in mailoutbox[0].body


def test_without_javascript_the_page_shows_the_message_after_posting(client, article):
    response = client.post(post_url(article), comment_data(body="No JS here"), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#discussion")
    assert "Thank you: your comment is awaiting moderation." in html
    assert "No JS here" in html


def test_without_javascript_reply_link_prefills_the_form(client, article):
    parent = CommentFactory(article=article, guest_name="Priya")

    html = page(client, article, f"?reply_to={parent.pk}")

    assert f'name="parent" value="{parent.pk}"' in html
    assert "Replying to <strong data-replying-name>Priya</strong>" in html


def test_a_staff_preview_of_a_draft_offers_no_discussion():
    draft = ArticleFactory()
    QuoteBlockFactory(article=draft)
    request = RequestFactory().get("/preview/")
    request.user = AnonymousUser()
    html = Template(
        '{% include "discussion/article_discussion.html" %}'
        "{% for block in article.blocks.all %}"
        '{% include "discussion/block_feedback.html" with block=block %}{% endfor %}'
    ).render(Context({"article": draft, "request": request}))

    assert "open when this explainer is published" in html
    assert "<form" not in html
