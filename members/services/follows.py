"""Readers follow a production, person or tag, confirm by a link, and leave with one click.

A follow by a signed-in reader starts at once; by an address alone it starts when the link
in a confirmation mail is pressed (double opt-in; the mail is within the outbox's budget).
What a follow brings (one mail per new explainer, at most one a day) is `follow_mail.py`.
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.http import absolute_url
from discussion.services._common import Banned, is_banned
from outbox.services import delivery_queue_prepared

from ..mail import FOLLOW_CONFIRMATION
from ..models import Follow, FollowNotice
from ._common import AccountError, is_reader

CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
CONFIRM_SALT = "members.follow.confirm"
UNSUBSCRIBE_SALT = "members.follow.unsubscribe"
UNSUBSCRIBE_ALL_SALT = "members.follow.unsubscribe_all"


def follow_confirm_token(follow):
    """The link in a confirmation mail: good once, and only until the reader confirms or leaves."""
    return signing.dumps([follow.pk, follow.token_version], salt=CONFIRM_SALT)


def follow_unsubscribe_token(follow):
    """The link beside each follow in a digest: it only ever stops mail, so it stays good."""
    return signing.dumps([follow.pk], salt=UNSUBSCRIBE_SALT)


def follows_unsubscribe_token(follows):
    """The link in a digest's List-Unsubscribe header: it stops every follow the mail is
    about (RFC 8058: one POST from the mail client, no sign-in)."""
    return signing.dumps(sorted(follow.pk for follow in follows), salt=UNSUBSCRIBE_ALL_SALT)


def follows_for_token(*, token):
    """The follows a digest's one-click link is about, checked but not acted on."""
    try:
        pks = signing.loads(token, salt=UNSUBSCRIBE_ALL_SALT)
    except signing.BadSignature as error:
        raise _bad_link() from error
    if not isinstance(pks, list) or not all(isinstance(pk, int) for pk in pks):
        raise _bad_link()
    return list(
        Follow.objects.filter(pk__in=pks[:50]).select_related("production", "person", "tag")
    )


def follows_unsubscribe(*, token):
    """One click (or the mail client's one POST) stops every follow a digest was about."""
    follows = follows_for_token(token=token)
    with transaction.atomic():
        ids = [follow.pk for follow in follows if follow.unsubscribed_at is None]
        Follow.objects.filter(pk__in=ids).update(unsubscribed_at=timezone.now())
        FollowNotice.objects.filter(follow_id__in=ids, sent_at=None).delete()
    return follows


def _bad_link():
    return AccountError(
        "This link is not valid: it may have been cut short or altered.", code="bad_token"
    )


def _load(token, *, salt, max_age=None, lock=False):
    try:
        signed = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:
        raise _bad_link() from error
    if not isinstance(signed, list) or not signed:
        raise _bad_link()
    rows = Follow.objects.select_for_update(of=("self",)) if lock else Follow.objects
    follow = rows.select_related("production", "person", "tag").filter(pk=signed[0]).first()
    if follow is None:
        raise AccountError("This follow no longer exists.", code="bad_token")
    return follow, (signed[1] if len(signed) > 1 else None)


def follow_for_token(*, token, action):
    """The follow a confirm or unsubscribe link is about, checked but not acted on (the page
    shows a button, so a mail scanner following links changes nothing)."""
    if action == "confirm":
        follow, version = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        if version != follow.token_version and not follow.is_active:
            raise _stale()
        return follow
    return _load(token, salt=UNSUBSCRIBE_SALT)[0]


def _stale():
    return AccountError(
        "This confirmation link was already used or replaced by a newer one. "
        "To follow again, press Follow on the page.",
        code="stale_token",
    )


def _target_field(target):
    from people.models import Person
    from productions.models import Production

    if isinstance(target, Production):
        return "production"
    if isinstance(target, Person):
        return "person"
    return "tag"


def _confirmation_mail(follow, ip):
    context = {
        "follow": follow,
        "confirm_url": absolute_url(
            reverse("members:follow_confirm", args=[follow_confirm_token(follow)])
        ),
        "SITE_NAME": settings.SITE_NAME,
    }
    return delivery_queue_prepared(
        kind=FOLLOW_CONFIRMATION,
        to=follow.email,
        subject=f"Confirm: new explainers about {follow.target_name}",
        body=render_to_string("members/email/follow_confirm.txt", context),
        ip=ip,
    )


def follow_request(*, target, email="", user=None, ip=None):
    """A reader follows a production, person or tag: signed in, it starts now; with an address
    alone, a confirmation link is mailed first (within the mail budget). Returns the follow."""
    if user is not None and not is_reader(user):
        user = None
    email = (email or "").strip() or (user.email if user else "")
    if not email:
        raise AccountError("Give an email address to follow.", code="email")
    if is_banned(email=email, ip=ip):
        raise Banned()
    owns_address = user is not None and user.email.lower() == email.lower()
    field = _target_field(target)
    with transaction.atomic():
        follow = (
            Follow.objects.select_for_update(of=("self",))
            .filter(**{field: target}, email__iexact=email)
            .first()
        )
        if follow is None:
            try:
                with transaction.atomic():
                    follow = Follow.objects.create(
                        **{field: target}, email=email, user=user if owns_address else None
                    )
            except IntegrityError:
                follow = Follow.objects.select_for_update(of=("self",)).get(
                    **{field: target}, email__iexact=email
                )
        if follow.is_active:
            return follow
        follow.unsubscribed_at = None
        if owns_address:
            follow.user = user
            follow.confirmed_at = timezone.now()
        else:
            follow.confirmed_at = None
        follow.save()
        if not follow.confirmed_at:
            _confirmation_mail(follow, ip)
    return follow


def follow_confirm(*, token):
    """The follower presses the button behind the confirmation link: mail about it starts.

    Returns (follow, whether it was already confirmed)."""
    with transaction.atomic():
        follow, version = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE, lock=True)
        if follow.is_active:
            return follow, True
        if version != follow.token_version:
            raise _stale()
        follow.confirmed_at = timezone.now()
        follow.unsubscribed_at = None
        follow.token_version += 1
        follow.save(update_fields=["confirmed_at", "unsubscribed_at", "token_version"])
    return follow, False


def follow_unsubscribe(*, token):
    """One click on the link beside a follow in any mail stops it; no sign-in needed.

    Returns (follow, whether it had already stopped)."""
    with transaction.atomic():
        follow, _version = _load(token, salt=UNSUBSCRIBE_SALT, lock=True)
        if follow.unsubscribed_at:
            return follow, True
        follow.unsubscribed_at = timezone.now()
        follow.token_version += 1
        follow.save(update_fields=["unsubscribed_at", "token_version"])
        FollowNotice.objects.filter(follow=follow, sent_at=None).delete()
    return follow, False


def follow_remove(*, user, follow_id):
    """The reader removes a follow from their profile with one click."""
    with transaction.atomic():
        deleted, _rows = Follow.objects.filter(pk=follow_id, user=user).delete()
    if not deleted:
        raise AccountError("That follow is not one of yours.", code="not_yours")
    return deleted


def subscription_remove(*, user, subscription_id):
    """The reader stops mail about one discussion from their profile with one click."""
    from discussion.models import Subscription

    with transaction.atomic():
        updated = Subscription.objects.filter(
            pk=subscription_id, user=user, unsubscribed_at=None
        ).update(unsubscribed_at=timezone.now())
    if not updated:
        raise AccountError("That subscription is not one of yours.", code="not_yours")
    return updated


def follows_move_to_kept_tag(*, kept_id, merged_ids):
    """Readers who followed a merged tag now follow the tag it became, once per address."""
    following = set(Follow.objects.filter(tag_id=kept_id).values_list("email", flat=True))
    moving = Follow.objects.filter(tag_id__in=merged_ids).order_by(
        F("confirmed_at").desc(nulls_last=True), "pk"
    )
    for follow in moving:
        # An address following two of the merged tags keeps one follow (the confirmed one);
        # the other goes with its tag.
        if follow.email in following:
            continue
        follow.tag_id = kept_id
        follow.save(update_fields=["tag"])
        following.add(follow.email)
