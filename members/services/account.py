"""A reader takes their data with them, or deletes their account."""

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from core.pagecache import invalidate, key
from discussion.models import Comment, Subscription
from outbox.models import MailDelivery

from ..models import DEFAULT_DISPLAY_NAME, DELETED_READER, Follow, ReaderProfile
from ._common import require_reader

#: A deleted reader's comments keep their place in the thread, with neither name nor words.
TOMBSTONE_BODY = "This reader deleted their account."
#: No mail is ever sent here (the .invalid domain is reserved), and no sign-in reaches it.
TOMBSTONE_EMAIL = "deleted-reader@deleted.invalid"


def profile_country_set(*, user, country, only_if_unset=False):
    """Remember where the reader watches on their account (offers there come first); with
    `only_if_unset`, only when they had not chosen before (a choice made signed out, at
    sign-in). Returns the country their account now holds."""
    require_reader(user)
    with transaction.atomic():
        name = user.first_name or DEFAULT_DISPLAY_NAME
        ReaderProfile.objects.get_or_create(user=user, defaults={"display_name": name})
        profile = ReaderProfile.objects.select_for_update().get(user=user)
        held = profile.country.code if profile.country else ""
        if not (only_if_unset and (held or not country)):
            profile.country = country
            profile.save(update_fields=["country"])
            held = country
    return held


def account_export(*, user):
    """Everything we keep about the reader, as one JSON document they can download."""
    require_reader(user)
    profile = ReaderProfile.objects.filter(user=user).first()
    comments = Comment.objects.filter(user=user).select_related("article").order_by("pk")
    return {
        "account": {
            "email": user.email,
            "display_name": profile.display_name if profile else user.get_full_name(),
            "joined": user.date_joined.isoformat(),
            "reply_mail": profile.reply_mail if profile else False,
            "follow_mail": profile.follow_mail if profile else False,
            "country": profile.country.code if profile and profile.country else "",
        },
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "url": comment.get_absolute_url(),
                "status": comment.status,
                "body": comment.body,
                "contains_spoilers": comment.is_spoiler,
                "created_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            }
            for comment in comments
        ],
        "follows": [
            {
                "kind": follow.kind,
                "name": follow.target_name,
                "since": follow.created_at.isoformat(),
                "active": follow.is_active,
            }
            for follow in Follow.objects.filter(user=user).select_related(
                "production", "person", "tag"
            )
        ],
        "subscriptions": [
            {
                "article": subscription.article.title,
                "kind": subscription.kind,
                "active": subscription.is_active,
            }
            for subscription in Subscription.objects.filter(user=user).select_related("article")
        ],
    }


def account_delete(*, user):
    """The reader leaves: the account, follows and subscriptions go; their comments stay in
    place as "[deleted reader]" tombstones, so threads keep their shape and every count
    (comments, replies, votes, ratings) stays exactly as readers saw it."""
    require_reader(user)
    email = user.email
    with transaction.atomic():
        comments = Comment.objects.select_for_update(of=("self",)).filter(user=user)
        article_ids = set(
            comments.filter(status=Comment.Status.APPROVED).values_list("article_id", flat=True)
        )
        # A comment still waiting for a moderator is simply withdrawn: it was never counted.
        comments.filter(status=Comment.Status.PENDING).update(status=Comment.Status.REMOVED)
        comments.update(
            user=None,
            guest_name=DELETED_READER,
            guest_email=TOMBSTONE_EMAIL,
            body=TOMBSTONE_BODY,
            ip=None,
            user_agent="",
        )
        Subscription.objects.filter(user=user).delete()
        Follow.objects.filter(user=user).delete()
        if email:
            Subscription.objects.filter(email__iexact=email).delete()
            Follow.objects.filter(email__iexact=email).delete()
            MailDelivery.objects.filter(
                to__iexact=email, status=MailDelivery.Status.PENDING
            ).update(status=MailDelivery.Status.CANCELLED, body="")
        # Votes and ratings stay (anonymous): their model sets the account to empty.
        user.delete()
        invalidate(*[key(Article, pk) for pk in article_ids])
    return {"deleted_at": timezone.now(), "articles": sorted(article_ids)}
