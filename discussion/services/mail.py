"""The discussion's outbox: every mail is a row first, sent once, retried while SMTP is down.

A mail is recorded (`MailDelivery`) in the same transaction as what causes it (an approval, a
subscription request), so an SMTP outage, a worker crash or a failed enqueue can delay a mail
but never lose it. A delivery is sent under a row lock and marked sent in that transaction, so
a retry racing the first try finds it sent and does nothing.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.http import absolute_url
from core.text import single_line

from .. import tasks
from ..models import Comment, MailDelivery
from ._common import _enqueue_on_commit
from .subscriptions import confirm_token, notification_recipients, unsubscribe_token

logger = logging.getLogger(__package__)

#: Wait before the 2nd, 3rd… attempt; after the last one the delivery is marked failed.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def delivery_queue_notifications(*, comment):
    """Subscribers of a newly approved comment each get one mail about it, even if SMTP is down."""
    created = []
    for subscription in notification_recipients(comment):
        delivery, is_new = MailDelivery.objects.get_or_create(
            kind=MailDelivery.Kind.NOTIFICATION, subscription=subscription, comment=comment
        )
        if is_new:
            created.append(delivery)
    for delivery in created:
        _enqueue_on_commit(tasks.mail_delivery_send, delivery_id=delivery.pk)
    return created


#: Confirmation mails allowed, counted from the outbox: per address and article, per address,
#: per IP (whoever asked), each over the last `MAIL_BUDGET_WINDOW`. Sign-in codes and follow
#: confirmations have their own per-address and per-IP budgets. Overridable in settings.
DEFAULT_MAIL_BUDGET = {
    "address_article": 1,
    "address": 3,
    "ip": 10,
    "login_code_address": 5,
    "login_code_ip": 20,
    "follow_address": 3,
    "follow_ip": 10,
}
#: The budget keys (per address, per IP) of each prepared kind a reader can ask for.
_PREPARED_BUDGET = {
    MailDelivery.Kind.LOGIN_CODE: ("login_code_address", "login_code_ip"),
    MailDelivery.Kind.FOLLOW_CONFIRMATION: ("follow_address", "follow_ip"),
}
MAIL_BUDGET_WINDOW = datetime.timedelta(hours=24)


def mail_budget():
    return {**DEFAULT_MAIL_BUDGET, **getattr(settings, "DISCUSSION_MAIL_BUDGET", {})}


def confirmation_allowed(*, subscription, ip=None, now=None):
    """True while a confirmation mail to this address (asked from this IP) stays within budget.

    Counted in the database from the outbox, so it holds on every server and without a cache;
    every path that asks for a confirmation (subscribe form, comment notify boxes) comes here.
    """
    budget = mail_budget()
    since = (now or timezone.now()) - MAIL_BUDGET_WINDOW
    sent = MailDelivery.objects.filter(kind=MailDelivery.Kind.CONFIRMATION, created_at__gte=since)
    to_address = sent.filter(subscription__email__iexact=subscription.email)
    if (
        to_address.filter(subscription__article_id=subscription.article_id).count()
        >= (budget["address_article"])
    ):
        return False
    if to_address.count() >= budget["address"]:
        return False
    return not (ip and sent.filter(ip=ip).count() >= budget["ip"])


def delivery_queue_confirmation(*, subscription, ip=None):
    """A guest who asks for mail gets one confirmation link, even if SMTP is down right now;
    asking again within the day, or past the address's or the IP's budget, sends nothing."""
    pending = MailDelivery.objects.filter(
        kind=MailDelivery.Kind.CONFIRMATION,
        subscription=subscription,
        status=MailDelivery.Status.PENDING,
    ).first()
    if pending is not None:
        return pending
    if not confirmation_allowed(subscription=subscription, ip=ip):
        logger.info("Confirmation mail for subscription %s withheld: budget", subscription.pk)
        return None
    delivery = MailDelivery.objects.create(
        kind=MailDelivery.Kind.CONFIRMATION, subscription=subscription, ip=ip
    )
    _enqueue_on_commit(tasks.mail_delivery_send, delivery_id=delivery.pk)
    return delivery


def prepared_mail_allowed(*, kind, to, ip=None, now=None):
    """True while a mail of `kind` that a reader asks for (a sign-in code, a follow
    confirmation) stays within the budget for its address and for the asking IP.

    Counted from the outbox like `confirmation_allowed`; kinds nobody asks for (a digest) are
    bounded by their own rule (one a day per reader) and always allowed here.
    """
    if kind not in _PREPARED_BUDGET:
        return True
    budget = mail_budget()
    per_address, per_ip = _PREPARED_BUDGET[kind]
    since = (now or timezone.now()) - MAIL_BUDGET_WINDOW
    sent = MailDelivery.objects.filter(kind=kind, created_at__gte=since)
    if sent.filter(to__iexact=to).count() >= budget[per_address]:
        return False
    return not (ip and sent.filter(ip=ip).count() >= budget[per_ip])


def delivery_queue_prepared(*, kind, to, subject, body, headers=None, ip=None):
    """Queue a mail written by an app above this one (a sign-in code, a follow confirmation or
    digest): sent by the task worker after the commit, retried while SMTP is down.

    Returns the delivery, or None when the mail budget withholds it.
    """
    if kind not in MailDelivery.PREPARED:
        raise ValueError(f"{kind} is not a prepared mail kind")
    if not prepared_mail_allowed(kind=kind, to=to, ip=ip):
        logger.info("%s mail withheld: budget", kind)
        return None
    delivery = MailDelivery.objects.create(
        kind=kind,
        to=to,
        subject=single_line(subject)[:300],
        body=body,
        headers=headers or {},
        ip=ip,
    )
    _enqueue_on_commit(tasks.mail_delivery_send, delivery_id=delivery.pk)
    return delivery


def _prepared_message(delivery):
    return EmailMessage(
        subject=delivery.subject,
        body=delivery.body,
        to=[delivery.to],
        headers=dict(delivery.headers or {}),
    )


def _subject(template, context):
    # A subject with a line break is refused by Django's header check: the mail would be lost.
    return single_line(render_to_string(template, context))


def _notification_message(delivery):
    comment, subscription = delivery.comment, delivery.subscription
    if comment.status != Comment.Status.APPROVED or not subscription.is_active:
        return None
    unsubscribe_url = absolute_url(
        reverse("discussion:unsubscribe", args=[unsubscribe_token(subscription)])
    )
    context = {
        "comment": comment,
        "article": comment.article,
        "subscription": subscription,
        "comment_url": absolute_url(comment.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
        "SITE_NAME": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=_subject("discussion/email/notification_subject.txt", context),
        body=render_to_string("discussion/email/notification.txt", context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _confirmation_message(delivery):
    subscription = delivery.subscription
    if subscription.confirmed_at is not None or subscription.unsubscribed_at is not None:
        return None
    context = {
        "subscription": subscription,
        "article": subscription.article,
        "confirm_url": absolute_url(
            reverse("discussion:subscription_confirm", args=[confirm_token(subscription)])
        ),
        "SITE_NAME": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=_subject("discussion/email/confirm_subject.txt", context),
        body=render_to_string("discussion/email/confirm.txt", context),
        to=[subscription.email],
    )


def delivery_send(*, delivery_id, now=None):
    """Send one pending mail: once sent it is never sent again; a failure schedules a retry.

    Returns the delivery (None if it no longer exists).
    """
    with transaction.atomic():
        delivery = (
            MailDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription__article", "comment__article", "comment__user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != MailDelivery.Status.PENDING:
            return delivery
        now = now or timezone.now()
        if delivery.kind in MailDelivery.PREPARED:
            message = _prepared_message(delivery)
        elif delivery.kind == MailDelivery.Kind.NOTIFICATION:
            message = _notification_message(delivery)
        else:
            message = _confirmation_message(delivery)
        if message is None:
            delivery.status = MailDelivery.Status.CANCELLED
            delivery.save(update_fields=["status"])
            return delivery
        delivery.attempts += 1
        try:
            message.send()
        except Exception as error:
            if delivery.kind in MailDelivery.PREPARED:
                logger.exception(
                    "Could not send the %s mail %s (attempt %s)",
                    delivery.kind,
                    delivery.pk,
                    delivery.attempts,
                )
            elif delivery.kind == MailDelivery.Kind.NOTIFICATION:
                logger.exception(
                    "Could not send the notification about comment %s to subscription %s "
                    "(attempt %s)",
                    delivery.comment_id,
                    delivery.subscription_id,
                    delivery.attempts,
                )
            else:
                logger.exception(
                    "Could not send the confirmation mail for subscription %s (attempt %s)",
                    delivery.subscription_id,
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
            if delivery.kind == MailDelivery.Kind.LOGIN_CODE:
                # A sign-in code is not kept once it has left.
                delivery.body = ""
        delivery.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "next_attempt_at",
                "last_error",
                "body",
            ]
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
