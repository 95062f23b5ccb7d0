"""Readers ask for mail about new comments, confirm it by a link, and leave with one click."""

from django.core import signing
from django.db import transaction
from django.utils import timezone

from ..models import Subscription
from ._common import Banned, DiscussionError, is_banned

CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
CONFIRM_SALT = "discussion.subscription.confirm"
UNSUBSCRIBE_SALT = "discussion.subscription.unsubscribe"


def confirm_token(subscription):
    return signing.dumps(subscription.pk, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_request(*, article, email, kind, user=None, ip=None):
    """A reader asks for mail about new comments; a guest first confirms the address by a link."""
    if kind not in Subscription.Kind.values:
        raise DiscussionError("Choose what you want to be notified about.", code="kind")
    email = (email or "").strip()
    if not email:
        raise DiscussionError("Give an email address to be notified.", code="email")
    # Otherwise a banned address or IP could still make us send confirmation mail to anyone.
    if is_banned(email=email, ip=ip):
        raise Banned()
    if user is not None and not user.is_authenticated:
        user = None
    owns_address = user is not None and user.email and user.email.lower() == email.lower()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(article=article, email__iexact=email, kind=kind)
            .first()
        )
        if subscription is None:
            subscription = Subscription.objects.create(
                article=article, email=email, kind=kind, user=user if owns_address else None
            )
        elif subscription.is_active:
            return subscription
        else:
            subscription.unsubscribed_at = None
            if not owns_address:
                subscription.confirmed_at = None
        if owns_address:
            subscription.confirmed_at = timezone.now()
        subscription.save()
        if not subscription.confirmed_at:
            from .mail import delivery_queue_confirmation  # the outbox builds on this module

            delivery_queue_confirmation(subscription=subscription)
    return subscription


def _load(token, *, salt, max_age=None):
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:
        raise DiscussionError(
            "This link is not valid: it may have been cut short or altered.", code="bad_token"
        ) from error
    subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
    if subscription is None:
        raise DiscussionError("This subscription no longer exists.", code="bad_token")
    return subscription


def subscription_confirm(*, token):
    """A guest clicks the link in the confirmation mail: mail starts, and the email is proven.

    Returns (subscription, whether it was already confirmed).
    """
    with transaction.atomic():
        subscription = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        if subscription.confirmed_at and not subscription.unsubscribed_at:
            return subscription, True
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription, False


def subscription_unsubscribe(*, token):
    """One click on the link in any notification stops the mail, no login needed.

    Returns (subscription, whether it was already unsubscribed).
    """
    with transaction.atomic():
        subscription = _load(token, salt=UNSUBSCRIBE_SALT)
        if subscription.unsubscribed_at:
            return subscription, True
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription, False


def notification_recipients(comment):
    """Who hears of an approved comment: confirmed subscribers, never its author, once each."""
    author_email = (comment.author_email or "").lower()
    parent_email = (comment.parent.author_email or "").lower() if comment.parent_id else ""
    recipients = {}
    subscriptions = Subscription.objects.filter(
        article_id=comment.article_id, confirmed_at__isnull=False, unsubscribed_at=None
    ).order_by("kind", "pk")
    for subscription in subscriptions:
        email = subscription.email.lower()
        if email == author_email or (comment.user_id and subscription.user_id == comment.user_id):
            continue
        if subscription.kind == Subscription.Kind.REPLIES and email != parent_email:
            continue
        recipients.setdefault(email, subscription)
    return list(recipients.values())
