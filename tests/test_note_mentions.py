"""@mentions in editorial notes: `@username`, or `@Firstname` when only one colleague has
it, mails that colleague once for the note through the outbox; never the author, never
someone who cannot open the article's notes, never someone who turned that mail off."""

from django.core import mail

import pytest

from articles import editorial_notes
from articles.models import NoteMention
from outbox.models import MailDelivery
from tests.editorial_notes import post_note
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(wes):
    return ArticleFactory(title="Is Missing You a true story?", authors=[wes])


def test_a_mention_mails_the_colleague_once_with_the_note_and_a_link(
    client, ann, wes, piece, django_capture_on_commit_callbacks
):
    client.force_login(ann)

    response = post_note(
        client,
        piece,
        "@wes can you add the cast? Thanks @wes, and @Wes.",
        django_capture_on_commit_callbacks,
    )

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [wes.email]
    assert "Ann Lee mentioned you" in sent.subject
    assert "@wes can you add the cast?" in sent.body
    assert f"/admin/articles/article/{piece.pk}/change/#mq-notes" in sent.body
    assert NoteMention.objects.get().user == wes
    # The outbox keeps no copy of the note's words: the mail is written from the note.
    delivery = MailDelivery.objects.get()
    assert (delivery.kind, delivery.status, delivery.body) == ("note_mention", "sent", "")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Mailed: Wes Cole." in text for text in messages)


def test_a_first_name_mention_mails_only_when_one_colleague_has_it(
    role_user, ann, piece, django_capture_on_commit_callbacks
):
    role_user("Editor", username="sam1", first_name="Sam")
    role_user("Editor", username="sam2", first_name="Sam")
    role_user("Editor", username="kit_b", first_name="Kit")

    with django_capture_on_commit_callbacks(execute=True):
        _note, mailed, not_mailed = editorial_notes.editorial_note_post(
            article=piece, user=ann, body="@Kit please read. @Sam too. @nobody-here?"
        )

    assert [user.username for user in mailed] == ["kit_b"]
    assert [m.to for m in mail.outbox] == [["kit_b@example.com"]]
    assert "nobody-here (no colleague has that name)" in not_mailed
    assert "Sam (no colleague has that name)" in not_mailed


def test_writing_your_own_name_mails_nobody(ann, piece, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _note, mailed, _not = editorial_notes.editorial_note_post(
            article=piece, user=ann, body="Reminder to myself, @ann: check the dates."
        )

    assert mailed == []
    assert mail.outbox == []
    assert not MailDelivery.objects.exists()


def test_a_colleague_who_cannot_open_the_article_is_not_mailed(
    role_user, ann, piece, moderator, django_capture_on_commit_callbacks
):
    other_writer = role_user("Writer", username="zoe")

    with django_capture_on_commit_callbacks(execute=True):
        _note, mailed, not_mailed = editorial_notes.editorial_note_post(
            article=piece, user=ann, body="@zoe and @moderator, have a look."
        )

    assert mailed == []
    assert mail.outbox == []
    assert "zoe (cannot open this article's notes)" in not_mailed
    assert "moderator (cannot open this article's notes)" in not_mailed
    assert other_writer.note_mentions.count() == 0


def test_an_email_address_in_a_note_is_not_a_mention(ann, wes, piece):
    _note, mailed, not_mailed = editorial_notes.editorial_note_post(
        article=piece, user=ann, body="Write to press@wes.example about it."
    )

    assert (mailed, not_mailed) == ([], [])


def test_a_colleague_who_turned_mention_mail_off_is_not_mailed(
    ann, wes, piece, django_capture_on_commit_callbacks
):
    from articles.editorial_mail import mail_settings_set

    mail_settings_set(user=wes, choices={"on_mentioned": False})
    with django_capture_on_commit_callbacks(execute=True):
        _note, mailed, not_mailed = editorial_notes.editorial_note_post(
            article=piece, user=ann, body="@wes over to you."
        )

    assert mailed == []
    assert mail.outbox == []
    assert not_mailed == ["wes (has no address or turned this mail off)"]


def test_a_mention_mail_of_a_deleted_note_is_not_sent(ann, wes, piece):
    from outbox.services import delivery_send

    note, _m, _n = editorial_notes.editorial_note_post(article=piece, user=ann, body="@wes hi")
    delivery = MailDelivery.objects.get()
    note.delete()

    delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == MailDelivery.Status.CANCELLED
    assert mail.outbox == []
