"""Reader accounts: sign-in by emailed code, no staff rights, claiming guest comments,
trust and bans that follow the account, the profile, data download and deletion."""

import json

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from discussion import services as discussion
from discussion.models import Comment, CommentVote, Subscription
from members.mail import LOGIN_CODE
from members.models import DELETED_READER, ReaderProfile
from members.services import account_delete, follow_request
from outbox.models import MailDelivery
from tests.factories import (
    ArticleFactory,
    BanFactory,
    CommentFactory,
    ProductionFactory,
    UserFactory,
    VoteFactory,
)
from tests.reader_accounts import sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def signed_in(client, mailoutbox, django_capture_on_commit_callbacks):
    """A new reader, signed in through /accounts/login/ with the code from the test outbox."""
    sign_in(client, "ann@example.com", mailoutbox, django_capture_on_commit_callbacks)
    return User.objects.get(email="ann@example.com")


def test_a_new_reader_signs_in_with_the_code_mailed_to_them(client, signed_in, mailoutbox):
    assert client.get(reverse("members:profile")).status_code == 200
    assert EmailAddress.objects.get(user=signed_in).verified
    assert ReaderProfile.objects.get(user=signed_in).display_name == "Reader"
    # The address is not spelt out in the account's username.
    assert "ann" not in signed_in.username


def test_the_sign_in_code_leaves_through_the_outbox_and_is_not_kept(signed_in):
    delivery = MailDelivery.objects.get(kind=LOGIN_CODE)
    assert delivery.status == MailDelivery.Status.SENT
    assert delivery.to == "ann@example.com"
    assert delivery.body == ""


def test_a_wrong_code_signs_nobody_in(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_login"), {"email": "bob@example.com"})
    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    assert response.status_code == 200
    assert client.get(reverse("members:profile")).status_code == 302


def test_a_reader_account_never_reaches_staff_rights(client, signed_in):
    signed_in.refresh_from_db()
    assert not signed_in.is_staff and not signed_in.is_superuser
    assert not signed_in.get_all_permissions()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/articles/article/").status_code == 302


def test_a_staff_address_gets_no_code_and_no_session(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_login"), {"email": editor.email})
    assert mailoutbox == []
    assert not MailDelivery.objects.filter(kind=LOGIN_CODE).exists()
    assert "_auth_user_id" not in client.session


def test_staff_signed_in_at_the_admin_cannot_use_reader_account_pages(client, editor):
    client.force_login(editor)
    response = client.get(reverse("members:profile"))
    assert response.status_code == 403
    assert b"admin" in response.content
    assert client.post(reverse("members:delete"), {"confirm": "yes"}).status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()


def test_sign_in_codes_obey_the_mail_budget(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DISCUSSION_MAIL_BUDGET = {"login_code_address": 2}
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(reverse("account_login"), {"email": "carol@example.com"})
    assert len(mailoutbox) == 2


def test_the_sign_in_form_is_rate_limited(client, settings, django_capture_on_commit_callbacks):
    settings.DISCUSSION_RATE_LIMITS = {"login_code": "2/m"}
    for index in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(reverse("account_login"), {"email": f"r{index}@example.com"})
        assert response.status_code == 302
    response = Client().post(reverse("account_login"), {"email": "r9@example.com"})
    assert response.status_code == 200
    assert b"Too many sign-in codes" in response.content


def test_sign_in_pages_work_without_javascript_in_the_site_look(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="comment-form" method="post"' in html
    assert "site-header" in html
    assert "<script" not in html.split("</header>", 1)[1]


def test_guest_comments_are_claimed_only_after_the_address_is_proven(client, article):
    guest = CommentFactory(article=article, guest_email="dan@example.com", guest_name="Dan")
    reader = UserFactory(username="dan", email="dan@example.com")
    client.force_login(reader)
    # Signed in some other way, the address is not proven: nothing to claim, and asking fails.
    assert b"These are mine" not in client.get(reverse("members:profile")).content
    client.post(reverse("members:claim"))
    guest.refresh_from_db()
    assert guest.user is None and guest.guest_email == "dan@example.com"

    EmailAddress.objects.create(user=reader, email="dan@example.com", verified=True, primary=True)
    assert b"These are mine" in client.get(reverse("members:profile")).content
    # Proving the address claims nothing by itself: the reader presses the button.
    guest.refresh_from_db()
    assert guest.user is None
    client.post(reverse("members:claim"))
    guest.refresh_from_db()
    assert guest.user == reader and guest.guest_email == ""


def test_a_code_sign_in_proves_the_address_for_claiming(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    guest = CommentFactory(article=article, guest_email="eve@example.com", guest_name="Eve")
    other = CommentFactory(article=article, guest_email="mallory@example.com")
    sign_in(client, "eve@example.com", mailoutbox, django_capture_on_commit_callbacks)
    client.post(reverse("members:claim"))
    guest.refresh_from_db()
    other.refresh_from_db()
    assert guest.user.email == "eve@example.com"
    assert other.user is None


def test_a_signed_in_reader_with_an_approved_comment_skips_the_hold_on_every_device(
    article, reader
):
    CommentFactory(article=article, user=reader)
    for _device in range(2):
        comment = discussion.comment_post(article=article, body="Fair point, again.", user=reader)
        assert comment.status == Comment.Status.APPROVED
        article = ArticleFactory(published=True)


def test_a_new_signed_in_reader_is_still_held(article, reader):
    comment = discussion.comment_post(article=article, body="My first words here.", user=reader)
    assert comment.status == Comment.Status.PENDING


def test_a_ban_on_the_address_applies_to_the_account(article, reader):
    CommentFactory(article=article, user=reader)
    BanFactory(email=reader.email)
    with pytest.raises(discussion.Banned):
        discussion.comment_post(article=article, body="Let me back in.", user=reader)


def test_the_profile_name_shows_on_comments_as_one_line(client, article, reader):
    client.force_login(reader)
    CommentFactory(article=article, user=reader)
    response = client.post(
        reverse("members:profile"),
        {"display_name": "Ann\nLee\u202e", "reply_mail": "on", "follow_mail": "on"},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.reader_profile.display_name == "Ann Lee"
    assert Comment.objects.get(user=reader).author_name == "Ann Lee"
    me = client.get(reverse("discussion:me", args=[article.pk])).json()
    assert me["authenticated"] and me["name"] == "Ann Lee"


def test_a_signed_in_reader_gets_reply_mail_without_subscribing(
    article, reader, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    ReaderProfile.objects.create(user=reader, display_name="Ann")
    CommentFactory(article=article, user=reader)
    mine = discussion.comment_post(article=article, body="What about the ending?", user=reader)
    assert Subscription.objects.get(user=reader).kind == Subscription.Kind.REPLIES
    discussion.comment_approve(comment=mine, moderator=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        reply = discussion.comment_post(
            article=article,
            body="It is explained later.",
            guest_name="Bo",
            guest_email="bo@example.com",
            parent=mine,
        )
        discussion.comment_approve(comment=reply, moderator=moderator)
    assert [message.to for message in mailoutbox] == [[reader.email]]


def test_reply_mail_can_be_turned_off(client, article, reader):
    ReaderProfile.objects.create(user=reader, display_name="Ann")
    CommentFactory(article=article, user=reader)
    discussion.comment_post(article=article, body="What about the ending?", user=reader)
    client.force_login(reader)
    client.post(reverse("members:profile"), {"display_name": "Ann", "follow_mail": "on"})
    assert not Subscription.objects.get(user=reader).is_active
    discussion.comment_post(article=ArticleFactory(published=True), body="Again?", user=reader)
    assert Subscription.objects.filter(user=reader).count() == 1


def test_the_data_download_has_profile_comments_follows_and_subscriptions(client, article, reader):
    ReaderProfile.objects.create(user=reader, display_name="Ann")
    CommentFactory(article=article, user=reader, body="My words.")
    follow_request(target=ProductionFactory(title="Run Away"), user=reader)
    Subscription.objects.create(article=article, email=reader.email, user=reader)
    client.force_login(reader)
    response = client.get(reverse("members:export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == reader.email
    assert data["account"]["display_name"] == "Ann"
    assert [comment["body"] for comment in data["comments"]] == ["My words."]
    assert data["follows"][0]["name"] == "Run Away"
    assert data["subscriptions"][0]["article"] == article.title


def test_deleting_the_account_keeps_thread_shape_and_counters_exact(client, article, reader):
    root = CommentFactory(article=article, user=reader, body="Root words by the reader.")
    reply = CommentFactory(article=article, parent=root, body="A guest's answer.")
    own_reply = CommentFactory(article=article, parent=reply, user=reader, body="Mine again.")
    pending = CommentFactory(article=article, user=reader, pending=True)
    VoteFactory(comment=root, voter_key="g:someone")
    CommentVote.objects.create(comment=reply, voter_key=f"u:{reader.pk}", user=reader, value=1)
    article.comment_count = 3
    article.save(update_fields=["comment_count"])
    root.score = 1
    root.save(update_fields=["score"])
    client.force_login(reader)
    assert client.post(reverse("members:delete"), {"confirm": "yes"}).status_code == 302

    assert not User.objects.filter(pk=reader.pk).exists()
    article.refresh_from_db()
    assert article.comment_count == 3
    for comment in (root, reply, own_reply, pending):
        comment.refresh_from_db()
    assert (reply.parent_id, own_reply.parent_id, own_reply.root_id) == (root.pk, reply.pk, root.pk)
    assert root.status == own_reply.status == Comment.Status.APPROVED
    assert pending.status == Comment.Status.REMOVED
    assert root.author_name == DELETED_READER and root.score == 1
    assert reply.votes.count() == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert DELETED_READER in html
    assert "Root words by the reader." not in html and "A guest&#x27;s answer." in html


def test_account_deletion_refuses_staff(editor):
    from members.services import AccountError

    with pytest.raises(AccountError):
        account_delete(user=editor)


def test_subscriptions_and_follows_are_removed_from_the_profile_in_one_click(
    client, article, reader
):
    follow = follow_request(target=ProductionFactory(title="Run Away"), user=reader)
    subscription = Subscription.objects.create(
        article=article, email=reader.email, user=reader, confirmed_at=timezone.now()
    )
    someone_elses = Subscription.objects.create(
        article=article, email="x@example.com", confirmed_at=timezone.now()
    )
    client.force_login(reader)
    assert b"Run Away" in client.get(reverse("members:profile")).content
    client.post(reverse("members:subscription_remove", args=[subscription.pk]))
    client.post(reverse("members:subscription_remove", args=[someone_elses.pk]))
    client.post(reverse("members:follow_remove", args=[follow.pk]))
    subscription.refresh_from_db()
    someone_elses.refresh_from_db()
    assert not subscription.is_active and someone_elses.is_active
    assert not reader.follows.exists()
