"""Abuse under an article: mail bombing, replayed forms and links, duplicates, probing."""

import datetime
import re

from django.test import Client
from django.utils import timezone

import pytest

from discussion import services
from discussion.forms import STAMP_MAX_AGE, fill_stamp, stamps_forget_expired
from discussion.models import Comment, Subscription, UsedStamp
from outbox.models import MailDelivery
from tests.discussion_forms import comment_data, post_url
from tests.factories import ArticleFactory, CommentFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


@pytest.fixture
def article():
    return ArticleFactory(published=True, title="Is Run Away a true story?")


def _subscribe(client, article, email, **extra):
    return client.post(
        f"/discussion/{article.pk}/subscribe/", {"email": email, "kind": "all"}, **extra
    )


# == Mail budget ==========================================================================


def test_twenty_subscribe_requests_for_one_address_send_one_mail(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = {
            _subscribe(client, article, "victim@example.com").status_code for _ in range(20)
        }

    assert statuses == {302}
    assert len(mailoutbox) == 1
    assert MailDelivery.objects.count() == 1


def test_the_comment_notify_boxes_obey_the_same_mail_budget(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, article, "victim@example.com")
        client.post(
            post_url(article),
            comment_data(email="victim@example.com", notify_all="on", notify_replies="on"),
        )
        for n in range(3):
            other = ArticleFactory(published=True)
            client.post(
                post_url(other),
                comment_data(body=f"Comment {n}", email="victim@example.com", notify_all="on"),
            )

    assert Comment.objects.count() == 4
    # One for the first article, then the address's budget (3 a day) stops the rest.
    assert len(mailoutbox) == 3
    assert {message.to[0] for message in mailoutbox} == {"victim@example.com"}


def test_one_ip_asking_for_many_addresses_is_capped(
    article, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DISCUSSION_MAIL_BUDGET = {"ip": 5}
    hammer = Client(REMOTE_ADDR="203.0.113.9")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            _subscribe(hammer, article, f"target{n}@example.com")
        _subscribe(Client(REMOTE_ADDR="198.51.100.7"), article, "someone@example.com")

    assert len(mailoutbox) == 6
    assert MailDelivery.objects.filter(ip="203.0.113.9").count() == 5


def test_a_pending_subscription_gets_its_confirmation_once_a_day(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, article, "slow@example.com")
        _subscribe(client, article, "slow@example.com")
    MailDelivery.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, article, "slow@example.com")

    assert len(mailoutbox) == 2


# == Confirmation and unsubscribe links ===================================================


def _link(body, name):
    return re.search(rf"https?://\S+/discussion/{name}/\S+/", body).group(0)


def test_opening_a_confirmation_link_shows_a_button_and_confirms_nothing(client, article):
    subscription = SubscriptionFactory(article=article, confirmed_at=None)
    url = f"/discussion/confirm/{services.confirm_token(subscription)}/"

    response = client.get(url)

    assert response.status_code == 200
    assert f'<form method="post" action="{url}">' in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active


def test_opening_an_unsubscribe_link_shows_a_button_and_unsubscribes_nothing(client, article):
    subscription = SubscriptionFactory(article=article)

    response = client.get(f"/discussion/unsubscribe/{services.unsubscribe_token(subscription)}/")

    assert response.status_code == 200
    assert "<button" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active


def test_an_old_confirmation_link_never_resubscribes_a_reader_who_left(client, article):
    subscription = SubscriptionFactory(article=article, confirmed_at=None)
    confirm = f"/discussion/confirm/{services.confirm_token(subscription)}/"
    client.post(confirm)
    subscription.refresh_from_db()
    client.post(f"/discussion/unsubscribe/{services.unsubscribe_token(subscription)}/")

    shown = client.get(confirm)
    pressed = client.post(confirm)

    assert shown.status_code == pressed.status_code == 400
    assert "already used or replaced" in pressed.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_a_link_from_before_a_new_request_cannot_confirm_it_after_leaving(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, article, "ada@example.com")
    first_link = _link(mailoutbox[0].body, "confirm")
    subscription = Subscription.objects.get()
    services.subscription_unsubscribe(token=services.unsubscribe_token(subscription))

    assert client.post(first_link).status_code == 400
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_unsubscribe_links_of_older_mails_still_stop_the_mail(client, article):
    subscription = SubscriptionFactory(article=article, confirmed_at=None)
    old_unsubscribe = services.unsubscribe_token(subscription)
    client.post(f"/discussion/confirm/{services.confirm_token(subscription)}/")

    client.post(f"/discussion/unsubscribe/{old_unsubscribe}/")

    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


# == Duplicates and replayed forms ========================================================


def test_the_same_comment_posted_twice_is_stored_once_and_answered_409(client, article):
    first = client.post(post_url(article), comment_data(), HTTP_ACCEPT="application/json")
    again = client.post(post_url(article), comment_data(), HTTP_ACCEPT="application/json")

    assert first.status_code == 201
    assert again.status_code == 409
    assert "already posted" in again.json()["error"]
    assert Comment.objects.count() == 1


def test_the_same_comment_posted_twice_without_javascript_says_it_was_already_posted(
    client, article
):
    client.post(post_url(article), comment_data())

    response = client.post(post_url(article), comment_data())

    assert response.status_code == 409
    assert "Already posted" in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_same_words_from_someone_else_or_later_are_a_new_comment(client, article):
    client.post(post_url(article), comment_data())
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))

    client.post(post_url(article), comment_data())
    client.post(post_url(article), comment_data(email="grace@example.com"))

    assert Comment.objects.count() == 3


def test_a_form_stamp_is_good_for_one_comment(client, article):
    data = comment_data()
    client.post(post_url(article), data)

    client.post(post_url(article), {**data, "body": "A different comment, same stamp"})

    assert list(Comment.objects.values_list("body", flat=True)) == [data["body"]]
    assert UsedStamp.objects.count() == 1


def test_an_expired_form_stamp_is_dropped(client, article, monkeypatch):
    stamp = fill_stamp()
    import discussion.forms as forms

    later = forms.time.time() + STAMP_MAX_AGE + 60
    monkeypatch.setattr(forms.time, "time", lambda: later)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    client.post(post_url(article), comment_data(stamp=stamp))

    assert not Comment.objects.exists()


def test_a_refused_comment_leaves_its_stamp_usable(client, article, moderator):
    services.ban_create(moderator=moderator, email="ada@example.com")
    data = comment_data()
    client.post(post_url(article), data)

    client.post(post_url(article), {**data, "email": "grace@example.com"})

    assert Comment.objects.count() == 1


def test_used_stamps_past_their_lifetime_are_forgotten():
    UsedStamp.objects.create(nonce="old", used_at=timezone.now() - datetime.timedelta(days=2))
    UsedStamp.objects.create(nonce="new")

    assert stamps_forget_expired() == 1
    assert list(UsedStamp.objects.values_list("nonce", flat=True)) == ["new"]


# == Someone else's comment looks like no comment =========================================


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_someone_elses_comment_answers_the_same_404_as_a_missing_one(
    client, article, reader, action
):
    comment = CommentFactory(article=article)
    client.force_login(reader)
    method = client.get if action == "edit" else client.post

    theirs = method(f"/discussion/comment/{comment.pk}/{action}/")
    missing = method(f"/discussion/comment/{comment.pk + 1000}/{action}/")

    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
