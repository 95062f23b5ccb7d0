"""Readers post, edit and take back comments; trusted authors skip the queue."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.episodes import spoiler_episodes
from articles.models import Article
from core.pagecache import invalidate, key

from ..hooks import wants_reply_mail
from ..models import Comment, Subscription, UsedStamp
from ._common import (
    Banned,
    DiscussionError,
    Duplicate,
    Replayed,
    _require_public,
    _set_status,
    hold_reason,
    is_banned,
    validate_body,
)
from .subscriptions import subscription_request


def _is_proven_and_known(*, user, email, proven_emails=()):
    """WordPress trusts a known name and email alone; we also want proof of who is writing.

    A guest's proof is the confirmation link opened in the browser that writes now
    (`proven_emails`, kept in its session): that an address was once confirmed somewhere says
    nothing about who types it into the form today.
    """
    if user is not None:
        if user.has_perm("discussion.moderate_comment"):
            return True
        return Comment.objects.filter(user=user, status=Comment.Status.APPROVED).exists()
    if email.lower() not in {proven.lower() for proven in proven_emails or ()}:
        return False
    confirmed = Subscription.objects.filter(
        email__iexact=email, confirmed_at__isnull=False
    ).exists()
    return (
        confirmed
        and Comment.objects.filter(
            user=None, guest_email__iexact=email, status=Comment.Status.APPROVED
        ).exists()
    )


#: The same words from the same author under the same article within this time are one comment.
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


def _is_duplicate(*, article, body, user, email, now):
    """True when this author posted exactly `body` under `article` in the last minutes."""
    same = Comment.objects.filter(
        article=article, body=body, created_at__gte=now - DUPLICATE_WINDOW
    )
    if user is not None:
        return same.filter(user=user).exists()
    return same.filter(user=None, guest_email__iexact=email).exists()


def _use_stamp(nonce):
    """Record the form's stamp as used; a second post with it is refused as a replay."""
    try:
        with transaction.atomic():
            UsedStamp.objects.create(nonce=nonce)
    except IntegrityError as error:
        raise Replayed() from error


def comment_post(
    *,
    article,
    body,
    user=None,
    guest_name="",
    guest_email="",
    parent=None,
    anchor_block=None,
    is_spoiler=False,
    spoils_up_to=None,
    ip=None,
    user_agent="",
    notify=(),
    proven_emails=(),
    stamp_nonce="",
):
    """A comment appears at once when its author is known and proven, else waits for a moderator.

    The same words posted twice by one author within minutes are stored once (`Duplicate`);
    a form's stamp (`stamp_nonce`) is good for one comment (`Replayed`).
    """
    _require_public(article)
    if not article.allow_comments:
        raise DiscussionError("Comments are closed on this article.", code="closed")
    body = validate_body(body)
    if user is not None and not user.is_authenticated:
        user = None
    email = (user.email if user else guest_email).strip()
    if user is None and not (guest_name.strip() and guest_email.strip()):
        raise DiscussionError("Please give your name and email address.", code="guest")
    if is_banned(email=email, ip=ip):
        raise Banned()
    if parent is not None:
        if parent.article_id != article.pk:
            raise DiscussionError(
                "You can only reply to a comment under this article.", code="parent"
            )
        if parent.status != Comment.Status.APPROVED:
            raise DiscussionError("That comment can no longer be replied to.", code="parent")
        anchor_block = None
    if anchor_block is not None and anchor_block.article_id != article.pk:
        raise DiscussionError("That passage is not part of this article.", code="anchor")
    if spoils_up_to is not None and not spoiler_episodes(article).filter(pk=spoils_up_to.pk):
        raise DiscussionError(
            "Choose an episode of the series this article is about.", code="spoils_up_to"
        )

    reason = hold_reason(body)
    with transaction.atomic():
        # Lock the article row so two identical posts sent at once are checked one after the other.
        type(article).objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        if _is_duplicate(article=article, body=body, user=user, email=email, now=timezone.now()):
            raise Duplicate()
        if stamp_nonce:
            _use_stamp(stamp_nonce)
        trusted = not reason and _is_proven_and_known(
            user=user, email=email, proven_emails=proven_emails
        )
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            user=user,
            guest_name="" if user else guest_name.strip()[:80],
            guest_email="" if user else guest_email.strip(),
            body=body,
            status=Comment.Status.PENDING,
            hold_reason=reason or ("" if trusted else "first comment or unproven author"),
            anchor_block=anchor_block,
            is_spoiler=is_spoiler,
            spoils_up_to=spoils_up_to,
            ip=ip,
            # PostgreSQL refuses NUL in text; a header is not worth losing the comment over.
            user_agent=(user_agent or "").replace("\x00", "")[:300],
        )
        if trusted:
            _set_status(comment, Comment.Status.APPROVED)
        for kind in _notify_kinds(article=article, user=user, email=email, notify=notify):
            subscription_request(article=article, email=email, kind=kind, user=user, ip=ip)
    return comment


def _notify_kinds(*, article, user, email, notify):
    """What the author asked for, plus reply mail for a signed-in reader who wants it by
    default, unless they left this article's reply mail by its link before."""
    kinds = list(notify)
    if Subscription.Kind.REPLIES in kinds or not wants_reply_mail(user):
        return kinds
    left = Subscription.objects.filter(
        article=article,
        email__iexact=email,
        kind=Subscription.Kind.REPLIES,
        unsubscribed_at__isnull=False,
    ).exists()
    return kinds if left else [*kinds, Subscription.Kind.REPLIES]


def _require_author(comment, *, user, own_comment_ids):
    if not comment.is_authored_by(user, own_comment_ids):
        raise PermissionDenied("Only the author may change this comment.")


def comment_check_editable(*, comment, user=None, own_comment_ids=(), now=None):
    """Raise unless the reader wrote `comment` and may still correct it (10 minutes).

    The edit page asks this before showing its form; `comment_edit` asks it again.
    """
    _require_author(comment, user=user, own_comment_ids=own_comment_ids)
    if not comment.is_editable_now(now):
        raise DiscussionError(
            "Comments can only be edited for 10 minutes after posting.", code="too_late"
        )


def comment_edit(
    *, comment, body, is_spoiler=None, user=None, own_comment_ids=(), ip=None, now=None
):
    """The author corrects their comment within 10 minutes; a suspicious edit is held again."""
    now = now or timezone.now()
    comment_check_editable(comment=comment, user=user, own_comment_ids=own_comment_ids, now=now)
    # A ban stops the words, not only new comments: no rewriting a published one afterwards.
    if is_banned(email=comment.author_email, ip=ip):
        raise Banned()
    body = validate_body(body)
    reason = hold_reason(body)
    with transaction.atomic():
        comment.body = body
        comment.edited_at = now
        fields = ["body", "edited_at"]
        if is_spoiler is not None:
            comment.is_spoiler = is_spoiler
            fields.append("is_spoiler")
        if reason:
            comment.hold_reason = reason
            fields.append("hold_reason")
        comment.save(update_fields=fields)
        if reason and comment.status == Comment.Status.APPROVED:
            _set_status(comment, Comment.Status.PENDING)
        elif comment.status == Comment.Status.APPROVED:
            # The corrected words replace the old ones on the article page.
            invalidate(key(Article, comment.article_id))
    return comment


def comment_delete_own(*, comment, user=None, own_comment_ids=()):
    """The author takes back their comment; where it has replies, "comment removed" stays."""
    _require_author(comment, user=user, own_comment_ids=own_comment_ids)
    with transaction.atomic():
        _set_status(comment, Comment.Status.REMOVED)
    return comment
