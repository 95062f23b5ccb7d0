import re

from django.core.mail.backends.base import BaseEmailBackend

import pytest

from discussion import services
from discussion.models import Comment, Subscription
from tests.discussion_forms import comment_data, post_url
from tests.factories import ArticleFactory, CommentFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


@pytest.fixture
def article():
    return ArticleFactory(published=True, title="Is Run Away a true story?")


def _approve(comment, moderator, capture):
    with capture(execute=True):
        services.comment_approve(comment=comment, moderator=moderator)


def _link(body, name):
    return re.search(rf"https?://\S+/discussion/{name}/\S+/", body).group(0)


def test_approval_mails_each_confirmed_subscriber_exactly_once(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(article=article, email="fan@example.com")
    SubscriptionFactory(article=article, email="fan@example.com", kind="replies")
    SubscriptionFactory(article=article, email="other@example.com")
    SubscriptionFactory(article=article, email="unconfirmed@example.com", confirmed_at=None)
    gone = SubscriptionFactory(article=article, email="gone@example.com")
    services.subscription_unsubscribe(token=services.unsubscribe_token(gone))
    client.post(post_url(article), comment_data(body="A new thought"))
    comment = Comment.objects.get()
    assert mailoutbox == []

    _approve(comment, moderator, django_capture_on_commit_callbacks)

    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == ["fan@example.com", "other@example.com"]
    message = mailoutbox[0]
    assert "A new thought" in message.body
    assert message.subject == "New comment on “Is Run Away a true story?”"
    assert "/discussion/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_a_comment_is_never_mailed_to_its_own_author(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(article=article, email="ada@example.com")
    client.post(post_url(article), comment_data(email="ADA@example.com"))

    _approve(Comment.objects.get(), moderator, django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_replies_subscription_only_hears_about_replies_to_my_comments(
    article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    mine = CommentFactory(article=article, guest_email="me@example.com")
    SubscriptionFactory(article=article, email="me@example.com", kind="replies")
    other = CommentFactory(article=article, pending=True, body="Unrelated")
    reply = CommentFactory(article=article, parent=mine, pending=True, body="Answering you")

    _approve(other, moderator, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    _approve(reply, moderator, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.to == ["me@example.com"]
    assert "replied to your comment" in message.body


def test_a_second_approval_sends_nothing_more(
    article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(article=article)
    comment = CommentFactory(article=article, pending=True)
    _approve(comment, moderator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_remove(comment=comment, moderator=moderator)
    _approve(comment, moderator, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1


def test_guest_double_opt_in(client, article, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/discussion/{article.pk}/subscribe/",
            {"email": "new@example.com", "kind": "all"},
            follow=True,
        )
    assert "we sent you a mail with a link to confirm" in response.content.decode()
    subscription = Subscription.objects.get()
    assert not subscription.is_active

    confirm = _link(mailoutbox[0].body, "confirm")
    response = client.post(confirm)

    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active


@pytest.mark.parametrize("ban", [{"ip": "127.0.0.1"}, {"email": "Troll@example.com"}])
def test_a_banned_ip_or_address_cannot_subscribe_or_trigger_a_confirmation_mail(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks, ban
):
    services.ban_create(moderator=moderator, reason="Abuse", **ban)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/discussion/{article.pk}/subscribe/", {"email": "troll@example.com", "kind": "all"}
        )

    assert response.status_code == 403
    assert "can no longer take part" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_signed_in_reader_subscribing_their_own_address_needs_no_confirmation(
    client, article, reader, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussion/{article.pk}/subscribe/", {"kind": "replies"})

    assert Subscription.objects.get().is_active
    assert mailoutbox == []


def test_unsubscribe_link_works_once_without_login(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(article=article)
    _approve(
        CommentFactory(article=article, pending=True), moderator, django_capture_on_commit_callbacks
    )
    link = _link(mailoutbox[0].body, "unsubscribe")

    first = client.post(link)
    second = client.post(link)

    assert first.status_code == 200
    assert "Unsubscribed" in first.content.decode()
    assert second.status_code == 200
    assert "already unsubscribed" in second.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


@pytest.mark.parametrize("name", ["unsubscribe", "confirm"])
def test_a_tampered_token_is_refused(client, article, name):
    subscription = SubscriptionFactory(article=article, confirmed_at=None)
    token = (
        services.unsubscribe_token(subscription)
        if name == "unsubscribe"
        else services.confirm_token(subscription)
    )
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = client.get(f"/discussion/{name}/{tampered}/")

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None and subscription.confirmed_at is None


def test_a_confirm_token_cannot_be_used_to_unsubscribe(client, article):
    subscription = SubscriptionFactory(article=article)

    response = client.get(f"/discussion/unsubscribe/{services.confirm_token(subscription)}/")

    assert response.status_code == 400


class ExplodingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_a_mail_failure_is_logged_and_never_loses_the_comment(
    article, moderator, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.ExplodingBackend"
    SubscriptionFactory(article=article)
    comment = CommentFactory(article=article, pending=True)

    _approve(comment, moderator, django_capture_on_commit_callbacks)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert "Could not send the notification" in caplog.text


def test_mail_clients_can_unsubscribe_with_a_one_click_post(article):
    from django.test import Client

    subscription = SubscriptionFactory(article=article)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/discussion/unsubscribe/{services.unsubscribe_token(subscription)}/",
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_token_pages_ask_search_engines_not_to_index_them(client, article):
    subscription = SubscriptionFactory(article=article)

    response = client.get(f"/discussion/unsubscribe/{services.unsubscribe_token(subscription)}/")

    assert '<meta name="robots" content="noindex">' in response.content.decode()
