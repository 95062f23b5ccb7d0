"""SMTP outages delay discussion mail but never lose it, and no mail is ever sent twice."""

import datetime
import smtplib
import socket

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

from discussion import services
from discussion.models import Subscription, SubscriptionMail
from discussion.services.mail import CONFIRMATION, NOTIFICATION
from outbox import kinds, tasks
from outbox.models import MailDelivery
from outbox.services import MAX_ATTEMPTS, delivery_send
from tests.factories import ArticleFactory, CommentFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def article():
    return ArticleFactory(published=True, title="Is Run Away a true story?")


@pytest.fixture
def smtp_down(settings):
    """The real SMTP backend, pointed at a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = False, False
    settings.EMAIL_TIMEOUT = 2
    return settings


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


def _approve(comment, moderator, capture):
    with capture(execute=True):
        services.comment_approve(comment=comment, moderator=moderator)


def _send_pending():
    call_command("send_pending_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_smtp_down_keeps_each_notification_pending_then_sends_it_exactly_once(
    article, moderator, smtp_down, django_capture_on_commit_callbacks
):
    SubscriptionFactory(article=article, email="fan@example.com")
    SubscriptionFactory(article=article, email="other@example.com")
    comment = CommentFactory(article=article, pending=True, body="A new thought")

    _approve(comment, moderator, django_capture_on_commit_callbacks)

    deliveries = MailDelivery.objects.filter(subscription_mail__comment=comment)
    assert deliveries.count() == 2
    assert {(d.status, d.attempts) for d in deliveries} == {("pending", 1)}
    assert all(d.last_error for d in deliveries)

    smtp_down.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        _send_pending()
        _send_pending()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "fan@example.com",
        "other@example.com",
    ]
    assert "A new thought" in mail.outbox[0].body
    assert {d.status for d in deliveries.all()} == {"sent"}


def test_a_retry_before_its_time_waits_and_the_delay_grows(
    article, moderator, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    SubscriptionFactory(article=article)
    comment = CommentFactory(article=article, pending=True)
    _approve(comment, moderator, django_capture_on_commit_callbacks)
    delivery = MailDelivery.objects.get()
    first_wait = delivery.next_attempt_at - timezone.now()

    _send_pending()
    delivery.refresh_from_db()
    assert delivery.attempts == 1  # not due yet: nothing was tried

    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        _send_pending()
        delivery.refresh_from_db()
        second_wait = delivery.next_attempt_at - timezone.now()

    assert delivery.attempts == 2
    assert second_wait > first_wait


def test_a_delivery_gives_up_after_its_last_attempt(
    article, moderator, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    SubscriptionFactory(article=article)
    _approve(
        CommentFactory(article=article, pending=True), moderator, django_capture_on_commit_callbacks
    )
    delivery = MailDelivery.objects.get()

    for _ in range(MAX_ATTEMPTS + 2):
        delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.attempts == MAX_ATTEMPTS
    assert delivery.status == MailDelivery.Status.FAILED


def test_a_retry_of_a_sent_delivery_sends_nothing(
    article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(article=article)
    _approve(
        CommentFactory(article=article, pending=True), moderator, django_capture_on_commit_callbacks
    )
    delivery = MailDelivery.objects.get()
    assert delivery.status == MailDelivery.Status.SENT

    tasks.mail_delivery_send.enqueue(delivery_id=delivery.pk)
    delivery_send(delivery_id=delivery.pk)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        _send_pending()

    assert len(mailoutbox) == 1


def test_a_notification_queued_twice_for_one_comment_is_one_delivery(article):
    subscription = SubscriptionFactory(article=article)
    comment = CommentFactory(article=article)

    first = services.delivery_queue_notifications(comment=comment)
    second = services.delivery_queue_notifications(comment=comment)

    assert len(first) == 1 and second == []
    assert MailDelivery.objects.get().subscription_mail.subscription == subscription


def test_a_comment_removed_before_the_retry_is_not_mailed(
    article, moderator, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    SubscriptionFactory(article=article)
    comment = CommentFactory(article=article, pending=True)
    _approve(comment, moderator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_remove(comment=comment, moderator=moderator)

    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        _send_pending()

    assert mailoutbox == []
    assert MailDelivery.objects.get().status == MailDelivery.Status.CANCELLED


def test_smtp_down_keeps_the_confirmation_mail_then_sends_it_once(
    client, article, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/discussion/{article.pk}/subscribe/", {"email": "new@example.com", "kind": "all"}
        )
        client.post(
            f"/discussion/{article.pk}/subscribe/", {"email": "new@example.com", "kind": "all"}
        )

    delivery = MailDelivery.objects.get(kind=CONFIRMATION)
    assert delivery.status == MailDelivery.Status.PENDING
    assert delivery.attempts == 1  # asked twice, but one mail waits

    smtp_down.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        _send_pending()
        _send_pending()

    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    assert "/discussion/confirm/" in message.body
    assert not Subscription.objects.get().is_active


class DeferringBackend:
    """Stands in for the database backend, which can run a task later."""

    supports_defer = True


def test_with_a_deferring_backend_a_failed_send_queues_its_own_retry(
    article, settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    subscription = SubscriptionFactory(article=article)
    delivery = MailDelivery.objects.create(kind=NOTIFICATION, to=subscription.email)
    SubscriptionMail.objects.create(
        delivery=delivery, subscription=subscription, comment=CommentFactory()
    )
    queued = []

    class Deferred:
        def __init__(self, run_after):
            self.run_after = run_after

        def enqueue(self, **kwargs):
            queued.append((self.run_after, kwargs))

    monkeypatch.setattr(
        type(tasks.mail_delivery_send), "get_backend", lambda self: DeferringBackend
    )
    monkeypatch.setattr(
        type(tasks.mail_delivery_send), "using", lambda self, run_after: Deferred(run_after)
    )

    tasks.mail_delivery_send.call(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert queued == [(delivery.next_attempt_at, {"delivery_id": delivery.pk})]
    assert delivery.next_attempt_at > timezone.now()


def test_every_kind_of_mail_has_a_name_the_outbox_can_store_and_a_longer_one_is_refused():
    # PostgreSQL refuses a name longer than the column on the first mail; SQLite would not.
    assert all(len(name) <= kinds.NAME_MAX_LENGTH for name in kinds.KINDS)
    assert MailDelivery._meta.get_field("kind").max_length == kinds.NAME_MAX_LENGTH
    with pytest.raises(ValueError, match="longer than 20 characters"):
        kinds.register(kinds.MailKind(name="catalogue_request_answer", label="Too long"))
    assert "catalogue_request_answer" not in kinds.KINDS
