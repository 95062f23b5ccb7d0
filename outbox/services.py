"""The outbox: every mail is a row first, sent once, retried while SMTP is down.

A mail is recorded (`MailDelivery`) in the same transaction as what causes it (an approval, a
subscription, a sign-in request), so an SMTP outage, a worker crash or a failed enqueue can
delay a mail but never lose it. A delivery is sent under a row lock and marked sent in that
transaction, so a retry racing the first try finds it sent and does nothing. How a mail is
written is its kind's business (`outbox.kinds`); the outbox only keeps, sends and counts.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from core.text import single_line

from . import kinds, tasks
from .models import MailDelivery

logger = logging.getLogger(__name__)

#: Wait before the 2nd, 3rd… attempt; after the last one the delivery is marked failed.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: Mail budgets count what was queued over this window.
MAIL_BUDGET_WINDOW = datetime.timedelta(hours=24)


def budget_limit(key, default):
    """A mail budget from settings: MAIL_BUDGET, over DISCUSSION_MAIL_BUDGET (its older name)."""
    configured = {
        **getattr(settings, "DISCUSSION_MAIL_BUDGET", {}),
        **getattr(settings, "MAIL_BUDGET", {}),
    }
    return configured.get(key, default)


def _enqueue_on_commit(delivery):
    """Send once the row (and whatever the mail reads) is committed; a failure is logged."""

    def enqueue():
        try:
            tasks.mail_delivery_send.enqueue(delivery_id=delivery.pk)
        except Exception:
            logger.exception("Could not enqueue mail delivery %s", delivery.pk)

    transaction.on_commit(enqueue)


def delivery_queue(*, kind, to, ip=None, subject="", body="", headers=None):
    """Keep one mail of a registered `kind` for `to` and send it after the commit.

    What the mail says is written by its kind when sent, or given here for a prepared kind.
    Budgets are the caller's: `delivery_queue_prepared` checks them for mail readers ask for.
    """
    if kinds.get(kind) is None:
        raise ValueError(f"{kind} is not a registered mail kind")
    delivery = MailDelivery.objects.create(
        kind=kind,
        to=to,
        subject=single_line(subject)[:300],
        body=body,
        headers=headers or {},
        ip=ip,
    )
    _enqueue_on_commit(delivery)
    return delivery


def prepared_mail_allowed(*, kind, to, ip=None, now=None):
    """True while a mail of `kind` that a reader asks for (a sign-in code, a follow
    confirmation) stays within its kind's budget for its address and for the asking IP.

    Counted in the database from the outbox, so it holds on every server and without a cache;
    a kind without a budget (a digest, bounded by its own rule) is always allowed.
    """
    budget = kinds.get(kind).budget if kinds.get(kind) is not None else {}
    if not budget:
        return True
    since = (now or timezone.now()) - MAIL_BUDGET_WINDOW
    sent = MailDelivery.objects.filter(kind=kind, created_at__gte=since)
    if "address" in budget and sent.filter(to__iexact=to).count() >= budget_limit(
        *budget["address"]
    ):
        return False
    return not (ip and "ip" in budget and sent.filter(ip=ip).count() >= budget_limit(*budget["ip"]))


def delivery_queue_prepared(*, kind, to, subject, body, headers=None, ip=None):
    """Queue a mail written now (a sign-in code, a follow confirmation or digest): sent by the
    task worker after the commit, retried while SMTP is down.

    Returns the delivery, or None when the mail budget withholds it.
    """
    registered = kinds.get(kind)
    if registered is None or not registered.is_prepared:
        raise ValueError(f"{kind} is not a prepared mail kind")
    if not prepared_mail_allowed(kind=kind, to=to, ip=ip):
        logger.info("%s mail withheld: budget", kind)
        return None
    return delivery_queue(kind=kind, to=to, ip=ip, subject=subject, body=body, headers=headers)


def _message(delivery, kind):
    if kind.is_prepared:
        return EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            to=[delivery.to],
            headers=dict(delivery.headers or {}),
        )
    return kind.message(delivery)


def delivery_send(*, delivery_id, now=None):
    """Send one pending mail: once sent it is never sent again; a failure schedules a retry.

    Returns the delivery (None if it no longer exists).
    """
    with transaction.atomic():
        delivery = MailDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != MailDelivery.Status.PENDING:
            return delivery
        now = now or timezone.now()
        kind = kinds.get(delivery.kind)
        message = _message(delivery, kind) if kind is not None else None
        if message is None:
            if kind is None:
                logger.error("Mail delivery %s has an unknown kind %r", delivery.pk, delivery.kind)
            delivery.status = MailDelivery.Status.CANCELLED
            delivery.save(update_fields=["status"])
            return delivery
        delivery.attempts += 1
        try:
            message.send()
        except Exception as error:
            logger.exception(
                "Could not send the %s mail %s (attempt %s)",
                delivery.kind,
                delivery.pk,
                delivery.attempts,
            )
            delivery.last_error = single_line(f"{type(error).__name__}: {error}")[:300]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = MailDelivery.Status.FAILED
            else:
                delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        else:
            delivery.status = MailDelivery.Status.SENT
            delivery.sent_at = now
            delivery.last_error = ""
            if kind.forget_body:
                delivery.body = ""
        delivery.save(
            update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error", "body"]
        )
    return delivery


def deliveries_send_due(*, now=None, limit=500):
    """Retry every pending mail whose next attempt is due; returns how many ended in each status."""
    now = now or timezone.now()
    due = (
        MailDelivery.objects.filter(status=MailDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {}
    for delivery_id in list(due):
        delivery = delivery_send(delivery_id=delivery_id, now=now)
        if delivery is not None:
            counts[delivery.status] = counts.get(delivery.status, 0) + 1
    return counts
