"""The discussion's mail, kept and sent by the outbox: new-comment notices and confirmations.

A mail is queued in the outbox (`outbox.services.delivery_queue`) in the same transaction as
what causes it (an approval, a subscription request), with a `SubscriptionMail` row saying
which subscription and comment it is about; the outbox sends it after the commit and retries
it while SMTP is down. The discussion writes it when it is sent (`NOTIFICATION`,
`CONFIRMATION`, registered in `DiscussionConfig.ready()`), so a mail about a comment that is
no longer public, or to a reader who left, is cancelled instead.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.http import absolute_url
from core.text import single_line
from outbox import kinds
from outbox.models import MailDelivery
from outbox.services import MAIL_BUDGET_WINDOW, budget_limit, delivery_queue

from ..models import Comment, SubscriptionMail
from .subscriptions import confirm_token, notification_recipients, unsubscribe_token

logger = logging.getLogger(__package__)

NOTIFICATION = "notification"
CONFIRMATION = "confirmation"

#: Confirmation mails allowed, counted from the outbox: per address and article, per address,
#: per IP (whoever asked), each over the last day. Overridable (MAIL_BUDGET in settings).
DEFAULT_MAIL_BUDGET = {"address_article": 1, "address": 3, "ip": 10}


def _queue(*, kind, subscription, comment=None, ip=None):
    with transaction.atomic():
        delivery = delivery_queue(kind=kind, to=subscription.email, ip=ip)
        SubscriptionMail.objects.create(
            delivery=delivery, subscription=subscription, comment=comment
        )
    return delivery


def delivery_queue_notifications(*, comment):
    """Subscribers of a newly approved comment each get one mail about it, even if SMTP is down."""
    created = []
    for subscription in notification_recipients(comment):
        if SubscriptionMail.objects.filter(subscription=subscription, comment=comment).exists():
            continue
        try:
            created.append(_queue(kind=NOTIFICATION, subscription=subscription, comment=comment))
        except IntegrityError:
            # Queued meanwhile by a simultaneous approval: one mail is enough.
            continue
    return created


def confirmation_allowed(*, subscription, ip=None, now=None):
    """True while a confirmation mail to this address (asked from this IP) stays within budget.

    Counted in the database from the outbox, so it holds on every server and without a cache;
    every path that asks for a confirmation (subscribe form, comment notify boxes) comes here.
    """
    since = (now or timezone.now()) - MAIL_BUDGET_WINDOW
    sent = MailDelivery.objects.filter(kind=CONFIRMATION, created_at__gte=since)
    to_address = sent.filter(to__iexact=subscription.email)
    about_article = to_address.filter(
        subscription_mail__subscription__article_id=subscription.article_id
    )
    if about_article.count() >= budget_limit(
        "address_article", DEFAULT_MAIL_BUDGET["address_article"]
    ):
        return False
    if to_address.count() >= budget_limit("address", DEFAULT_MAIL_BUDGET["address"]):
        return False
    return not (ip and sent.filter(ip=ip).count() >= budget_limit("ip", DEFAULT_MAIL_BUDGET["ip"]))


def delivery_queue_confirmation(*, subscription, ip=None):
    """A guest who asks for mail gets one confirmation link, even if SMTP is down right now;
    asking again within the day, or past the address's or the IP's budget, sends nothing."""
    pending = MailDelivery.objects.filter(
        kind=CONFIRMATION,
        subscription_mail__subscription=subscription,
        status=MailDelivery.Status.PENDING,
    ).first()
    if pending is not None:
        return pending
    if not confirmation_allowed(subscription=subscription, ip=ip):
        logger.info("Confirmation mail for subscription %s withheld: budget", subscription.pk)
        return None
    return _queue(kind=CONFIRMATION, subscription=subscription, ip=ip)


def _about(delivery):
    return (
        SubscriptionMail.objects.select_related(
            "subscription__article", "comment__article", "comment__user"
        )
        .filter(delivery=delivery)
        .first()
    )


def _subject(template, context):
    # A subject with a line break is refused by Django's header check: the mail would be lost.
    return single_line(render_to_string(template, context))


def _notification_message(delivery):
    about = _about(delivery)
    if about is None or about.comment is None:
        return None
    comment, subscription = about.comment, about.subscription
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
    about = _about(delivery)
    if about is None:
        return None
    subscription = about.subscription
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


def register_mail_kinds():
    """The outbox learns how the discussion's mails are written (`DiscussionConfig.ready()`)."""
    kinds.register(kinds.MailKind(NOTIFICATION, "New comment", message=_notification_message))
    kinds.register(
        kinds.MailKind(CONFIRMATION, "Confirm subscription", message=_confirmation_message)
    )
