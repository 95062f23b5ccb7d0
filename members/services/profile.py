"""A reader's name on their comments and their mail preferences."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from core.pagecache import invalidate, key
from core.text import single_line
from discussion.models import Comment, Subscription
from outbox.services import prepared_mail_allowed

from ..mail import LOGIN_CODE
from ..models import DEFAULT_DISPLAY_NAME, ReaderProfile
from ._common import AccountError, is_reader, require_reader


def reader_prepare(*, user):
    """A new reader account gets a profile and the default name, and never a staff right."""
    with transaction.atomic():
        user.is_staff = False
        user.is_superuser = False
        if not user.first_name:
            user.first_name = DEFAULT_DISPLAY_NAME
        user.save(update_fields=["is_staff", "is_superuser", "first_name"])
        profile, _created = ReaderProfile.objects.get_or_create(
            user=user, defaults={"display_name": user.first_name}
        )
    return profile


def reader_for_sign_in(*, email, ip=None):
    """Someone asks for a sign-in code for `email`: the reader account the code goes to, or
    None when no code may be sent (a staff or inactive account, or the sign-in code mail
    budget for this address or IP is spent).

    A new address gets its reader account (unverified until the code is typed) only when a
    code will be sent, so a refused request leaves no account and no address behind."""
    if not prepared_mail_allowed(kind=LOGIN_CODE, to=email, ip=ip):
        return None
    try:
        return _reader_for_code(email)
    except IntegrityError:
        # Another request made the account a moment ago: use that one.
        return _reader_for_code(email)


def _reader_for_code(email):
    from django.contrib.auth import get_user_model

    from allauth.account.models import EmailAddress

    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = User(email=email, username=f"reader-{secrets.token_hex(6)}")
            user.set_unusable_password()
            user.save()
            reader_prepare(user=user)
        elif not is_reader(user):
            return None
        if not EmailAddress.objects.filter(user=user, email__iexact=email).exists():
            EmailAddress.objects.create(
                user=user,
                email=email,
                verified=False,
                primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
            )
    return user


def profile_for(user):
    """The reader's profile, made on first use (accounts that signed up before it existed)."""
    profile = ReaderProfile.objects.filter(user=user).first()
    return profile or reader_prepare(user=user)


def _clean_name(display_name):
    name = single_line(display_name or "").strip()
    if not name:
        raise AccountError("Please give the name to show on your comments.", code="name")
    if len(name) > 80:
        raise AccountError("Please keep your name under 80 characters.", code="name")
    return name


def profile_update(*, user, display_name, reply_mail, follow_mail):
    """The reader renames themselves (every comment of theirs shows the new name) and chooses
    which mail they get; turning reply mail off stops it under every article at once."""
    require_reader(user)
    name = _clean_name(display_name)
    with transaction.atomic():
        profile = ReaderProfile.objects.select_for_update(of=("self",)).filter(user=user).first()
        profile = profile or reader_prepare(user=user)
        renamed = profile.display_name != name
        profile.display_name = name
        profile.reply_mail = bool(reply_mail)
        profile.follow_mail = bool(follow_mail)
        profile.save(update_fields=["display_name", "reply_mail", "follow_mail"])
        # Comments show the account's name (discussion reads `get_full_name`), so it is kept
        # there as well: the discussion never needs to know this app.
        user.first_name, user.last_name = name, ""
        user.save(update_fields=["first_name", "last_name"])
        if not profile.reply_mail:
            Subscription.objects.filter(
                user=user, kind=Subscription.Kind.REPLIES, unsubscribed_at=None
            ).update(unsubscribed_at=timezone.now())
        if renamed:
            article_ids = set(
                Comment.objects.filter(user=user, status=Comment.Status.APPROVED).values_list(
                    "article_id", flat=True
                )
            )
            invalidate(*[key(Article, pk) for pk in article_ids])
    return profile


def wants_reply_mail(user):
    """Registered with the discussion: a signed-in reader gets reply mail unless they said no."""
    profile = ReaderProfile.objects.filter(user=user).only("reply_mail").first()
    return profile.reply_mail if profile is not None else False
