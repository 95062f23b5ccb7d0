"""Mail on the desk's workflow: editors hear of a submission, the byline of a return or a
publish, each through the outbox after the move commits; each can be switched off on the
colleague's own "Mail settings" page, and a failing mail never undoes the move."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from articles import services
from articles.editorial_mail import mail_settings_set
from articles.models import Article, EditorialMailSettings
from core.http import absolute_url
from outbox.models import MailDelivery
from tests.factories import ArticleFactory, BlockFactory, library_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(role_user, superuser):
    """Two editors, a writer with a piece ready to publish, and a moderator (no mail)."""
    ann = role_user("Editor", username="ann", first_name="Ann", last_name="Lee")
    bob = role_user("Editor", username="bob", first_name="Bob", last_name="Ray")
    wes = role_user("Writer", username="wes", first_name="Wes", last_name="Cole")
    role_user("Moderator", username="mo")
    piece = ArticleFactory(
        title="Is Missing You a true story?",
        authors=[wes],
        hero_image=library_image("hero.png"),
    )
    BlockFactory(article=piece)
    return {"ann": ann, "bob": bob, "wes": wes, "piece": piece, "root": superuser}


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submitting_for_review_mails_every_editor_with_who_did_it_and_a_link(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit_for_review(article=desk["piece"], user=desk["wes"])

    # Editors and the superuser may publish; the writer and the moderator are not mailed.
    assert sent_to() == ["ann@example.com", "bob@example.com", "root@example.com"]
    message = mail.outbox[0]
    assert message.subject == "Submitted for review: Is Missing You a true story?"
    assert "Wes Cole submitted “Is Missing You a true story?” for review." in message.body
    assert f"/admin/articles/article/{desk['piece'].pk}/change/" in message.body
    assert "/admin/articles/article/mail-settings/" in message.body
    assert set(MailDelivery.objects.values_list("kind", flat=True)) == {"review_submitted"}


def test_sending_a_submission_back_to_draft_mails_its_authors(
    desk, django_capture_on_commit_callbacks
):
    piece = desk["piece"]
    services.article_submit_for_review(article=piece, user=desk["wes"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=piece, user=desk["ann"])

    assert sent_to() == ["wes@example.com"]
    assert mail.outbox[0].subject == "Back to draft: Is Missing You a true story?"
    assert "Ann Lee sent “Is Missing You a true story?” back to draft." in mail.outbox[0].body


def test_publishing_mails_its_authors_but_not_the_editor_who_published(
    desk, django_capture_on_commit_callbacks
):
    piece = desk["piece"]
    piece.authors.add(desk["ann"])

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=piece, user=desk["ann"])

    assert sent_to() == ["wes@example.com"]
    message = mail.outbox[0]
    assert message.subject == "Published: Is Missing You a true story?"
    assert f"Readers see it at {absolute_url(piece.get_absolute_url())}" in message.body


def test_scheduling_mails_its_authors_when_it_goes_live(desk, django_capture_on_commit_callbacks):
    piece = desk["piece"]
    when = timezone.now() + datetime.timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_schedule(article=piece, user=desk["ann"], publish_at=when)

    assert sent_to() == ["wes@example.com"]
    assert mail.outbox[0].subject == "Scheduled: Is Missing You a true story?"
    assert f"to go live on {timezone.localtime(when):%d %B %Y at %H:%M}" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("switch", "who", "move"),
    [
        ("on_submitted", "ann", "submit"),
        ("on_returned", "wes", "return"),
        ("on_published", "wes", "publish"),
    ],
)
def test_each_workflow_mail_can_be_switched_off_by_its_recipient(
    desk, switch, who, move, django_capture_on_commit_callbacks
):
    piece, wes, bob = desk["piece"], desk["wes"], desk["bob"]
    mail_settings_set(user=desk[who], choices={switch: False})
    if move == "return":
        services.article_submit_for_review(article=piece, user=wes)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if move == "submit":
            services.article_submit_for_review(article=piece, user=wes)
        elif move == "return":
            services.article_unpublish(article=piece, user=bob)
        else:
            services.article_publish(article=piece, user=bob)

    assert desk[who].email not in sent_to()
    if move == "submit":
        assert "bob@example.com" in sent_to()  # the others still hear


def test_a_failing_mail_never_undoes_the_move(
    desk, monkeypatch, django_capture_on_commit_callbacks
):
    from outbox import services as outbox

    def broken(**kwargs):
        raise RuntimeError("outbox table is locked")

    monkeypatch.setattr(outbox, "delivery_queue", broken)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=desk["piece"], user=desk["ann"])

    assert Article.objects.get(pk=desk["piece"].pk).status == Article.Status.PUBLISHED
    assert mail.outbox == []


def test_archiving_sends_no_mail(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article=desk["piece"], user=desk["ann"])

    assert mail.outbox == []


def test_a_colleague_sets_their_mail_on_their_own_page(client, desk):
    client.force_login(desk["wes"])
    url = reverse("admin:articles_article_mail_settings")

    page = client.get(url)
    assert page.status_code == 200
    assert "Editorial mail goes to <strong>wes@example.com</strong>" in page.content.decode()
    assert 'class="mq-mail-settings-link"' in page.content.decode()
    response = client.post(url, {"on_returned": "on", "on_mentioned": "on"})

    assert response.status_code == 302
    saved = EditorialMailSettings.objects.get(user=desk["wes"])
    assert (saved.on_submitted, saved.on_returned, saved.on_published, saved.on_mentioned) == (
        False,
        True,
        False,
        True,
    )
    assert "checked" in client.get(url).content.decode()


def test_mail_settings_are_for_the_desk_only(client, desk, moderator, reader):
    url = reverse("admin:articles_article_mail_settings")
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    client.force_login(reader)
    assert client.get(url).status_code == 302
