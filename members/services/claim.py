"""A signed-in reader takes their earlier guest comments into their account."""

from django.db import transaction

from allauth.account.models import EmailAddress

from articles.models import Article
from core.pagecache import invalidate, key
from discussion.models import Comment, Subscription

from ._common import AccountError, require_reader


def email_is_proven(*, user, email):
    """Whether the reader proved they read mail at `email` (a sign-in code sent there)."""
    return (
        bool(email)
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def comments_claimable(*, user):
    """Guest comments written with the account's address, once the reader proved it."""
    if not email_is_proven(user=user, email=user.email):
        return Comment.objects.none()
    return Comment.objects.filter(user=None, guest_email__iexact=user.email)


def comments_claim(*, user):
    """The reader presses "These are mine": the guest comments written with their proven
    address become their account's (its name, its trust, its deletion). Returns how many."""
    require_reader(user)
    if not email_is_proven(user=user, email=user.email):
        raise AccountError(
            "Sign in with a code sent to this address first: that proves it is yours.",
            code="unproven",
        )
    with transaction.atomic():
        comments = comments_claimable(user=user).select_for_update(of=("self",))
        article_ids = set(
            comments.filter(status=Comment.Status.APPROVED).values_list("article_id", flat=True)
        )
        count = comments.update(user=user, guest_name="", guest_email="")
        Subscription.objects.filter(user=None, email__iexact=user.email).update(user=user)
        # The comments now show the account's name.
        invalidate(*[key(Article, pk) for pk in article_ids])
    return count
