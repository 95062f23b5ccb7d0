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
    """The link in a confirmation mail: good once, and only until the reader confirms or leaves."""
    return signing.dumps([subscription.pk, subscription.token_version], salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    """The link in every notification: it only ever stops mail, so it stays good for ever."""
    return signing.dumps([subscription.pk, subscription.token_version], salt=UNSUBSCRIBE_SALT)


def subscription_request(*, article, email, kind, user=None, ip=None):
    """A reader asks for mail about new comments; a guest first confirms the address by a link.

    The confirmation mail obeys the mail budget (services/mail.py): at most one per address
    and article a day, a few per address and per IP; past it the request is kept, unmailed.
    """
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

            delivery_queue_confirmation(subscription=subscription, ip=ip)
    return subscription


def _bad_link():
    return DiscussionError(
        "This link is not valid: it may have been cut short or altered.", code="bad_token"
    )


def _load(token, *, salt, max_age=None, lock=True):
    """(subscription, token version or None) for a signed link; raises when it is not ours."""
    try:
        signed = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:
        raise _bad_link() from error
    if isinstance(signed, list) and len(signed) == 2:
        pk, version = signed
    elif isinstance(signed, int) and salt == UNSUBSCRIBE_SALT:
        pk, version = signed, None
    else:
        raise _bad_link()
    rows = Subscription.objects.select_for_update() if lock else Subscription.objects
    subscription = rows.filter(pk=pk).first()
    if subscription is None:
        raise DiscussionError("This subscription no longer exists.", code="bad_token")
    return subscription, version


def _stale_confirmation():
    return DiscussionError(
        "This confirmation link was already used or replaced by a newer one. "
        "To get mail about this article again, subscribe under it.",
        code="stale_token",
    )


def subscription_for_token(*, token, action):
    """The subscription a confirm or unsubscribe link is about, checked but not acted on:
    the page a link opens shows a button, so a mail scanner following links changes nothing."""
    if action == "confirm":
        subscription, version = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE, lock=False)
        if version != subscription.token_version and not subscription.is_active:
            raise _stale_confirmation()
        return subscription
    return _load(token, salt=UNSUBSCRIBE_SALT, lock=False)[0]


def subscription_confirm(*, token):
    """A guest presses the button behind the link in the confirmation mail: mail starts, and
    the email is proven. A link already used, or sent before the reader last confirmed or
    unsubscribed, starts nothing.

    Returns (subscription, whether it was already confirmed).
    """
    with transaction.atomic():
        subscription, version = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        if subscription.is_active:
            return subscription, True
        if version != subscription.token_version:
            raise _stale_confirmation()
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.token_version += 1
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "token_version"])
    return subscription, False


def subscription_unsubscribe(*, token):
    """One click on the link in any notification stops the mail, no login needed; every
    confirmation link sent before then stops working.

    Returns (subscription, whether it was already unsubscribed).
    """
    with transaction.atomic():
        subscription, _version = _load(token, salt=UNSUBSCRIBE_SALT)
        if subscription.unsubscribed_at:
            return subscription, True
        subscription.unsubscribed_at = timezone.now()
        subscription.token_version += 1
        subscription.save(update_fields=["unsubscribed_at", "token_version"])
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
