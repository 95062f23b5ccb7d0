"""What readers and moderators do under an article: each action is one function, one transaction.

Views, admin actions and the demo loader call these; permissions are checked here too, so a new
entry point cannot skip them. Stored counters (article comment count, rating sum and count,
block feedback count, comment score) move with `F()` expressions in the same transaction as the
row that changed, so two simultaneous requests are both counted.
"""

import datetime
import functools
import logging
import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article, ArticleBlock

from . import tasks
from .models import (
    Ban,
    Comment,
    CommentVote,
    ModerationFlag,
    ModerationLog,
    Rating,
    Subscription,
)

logger = logging.getLogger(__name__)

MAX_BODY_LENGTH = 5000
MIN_BODY_LENGTH = 2
MAX_LINKS = 2
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
CONFIRM_SALT = "discussion.subscription.confirm"
UNSUBSCRIBE_SALT = "discussion.subscription.unsubscribe"
DEFAULT_BLOCKLIST = ["viagra", "cialis", "casino bonus", "payday loan", "crypto giveaway"]
LINK_RE = re.compile(r"(https?://|www\.)", re.IGNORECASE)


class DiscussionError(Exception):
    """A refusal a reader should read: the message says what to do instead."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class Banned(DiscussionError):
    def __init__(self):
        super().__init__(
            "This address can no longer take part in the discussion here. "
            "If you think that is a mistake, write to the editors.",
            code="banned",
        )


# --------------------------------------------------------------------------- helpers


def _require_moderator(user):
    if not (user and user.is_active and user.has_perm("discussion.moderate_comment")):
        raise PermissionDenied("Only moderators may do this.")


def _log(*, moderator, action, target, comment=None, note=""):
    ModerationLog.objects.create(
        moderator=moderator, action=action, comment=comment, target=str(target)[:300], note=note
    )


def is_banned(*, email="", ip=None):
    """True when the email address or the IP address has been banned by a moderator."""
    condition = Q()
    if email:
        condition |= Q(email__iexact=email)
    if ip:
        condition |= Q(ip=ip)
    return bool(condition) and Ban.objects.filter(condition).exists()


def blocklist():
    return [word.lower() for word in getattr(settings, "DISCUSSION_BLOCKLIST", DEFAULT_BLOCKLIST)]


def hold_reason(body):
    """Why a comment must wait for a moderator whoever wrote it ("" when nothing is odd)."""
    links = len(LINK_RE.findall(body))
    if links > MAX_LINKS:
        return f"{links} links (more than {MAX_LINKS})"
    lowered = body.lower()
    for word in blocklist():
        if word and word in lowered:
            return f"blocklisted word “{word}”"
    return ""


def validate_body(body):
    body = (body or "").strip()
    if len(body) < MIN_BODY_LENGTH:
        raise DiscussionError("Please write a comment before posting.", code="empty")
    if len(body) > MAX_BODY_LENGTH:
        raise DiscussionError(
            f"Please keep your comment under {MAX_BODY_LENGTH:,} characters "
            f"(it has {len(body):,}).",
            code="too_long",
        )
    return body


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


def _move_counters(comment, delta):
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
    if comment.anchor_block_id:
        ArticleBlock.objects.filter(pk=comment.anchor_block_id).update(
            feedback_count=F("feedback_count") + delta
        )


def _enqueue_on_commit(task, **kwargs):
    """Send work to the task backend once the data it reads is committed; a failure is logged."""

    def enqueue():
        try:
            task.enqueue(**kwargs)
        except Exception:
            logger.exception("Could not enqueue %s with %s", task.name, kwargs)

    transaction.on_commit(enqueue)


def _set_status(comment, status, *, now=None):
    """Move a comment to `status`, keeping the stored counters right; False when nothing changed."""
    now = now or timezone.now()
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    old = locked.status
    if old == status:
        comment.status = status
        return False
    fields = {"status": status}
    first_approval = status == Comment.Status.APPROVED and locked.approved_at is None
    if first_approval:
        fields["approved_at"] = now
    Comment.objects.filter(pk=comment.pk).update(**fields)
    for name, value in fields.items():
        setattr(comment, name, value)
    if old == Comment.Status.APPROVED:
        _move_counters(locked, -1)
    if status == Comment.Status.APPROVED:
        _move_counters(locked, +1)
    if first_approval:
        _enqueue_on_commit(tasks.comment_notify_subscribers, comment_id=comment.pk)
    return True


def _flag_burst(*, kind, model, ip, now):
    """Raise a flag when one IP casts many votes or ratings in a short time."""
    if not ip:
        return
    minutes = getattr(settings, "DISCUSSION_FLAG_WINDOW_MINUTES", 10)
    threshold = getattr(settings, "DISCUSSION_FLAG_THRESHOLD", 30)
    since = now - datetime.timedelta(minutes=minutes)
    count = model.objects.filter(ip=ip, created_at__gte=since).count()
    if count < threshold:
        return
    open_flag = ModerationFlag.objects.filter(
        kind=kind, ip=ip, resolved_at=None, created_at__gte=since
    )
    if not open_flag.exists():
        ModerationFlag.objects.create(kind=kind, ip=ip, count=count, window_minutes=minutes)


def _retry_on_duplicate(func):
    """Two first votes by one reader at once: the loser retries and finds the winner's row."""

    @functools.wraps(func)
    def wrapper(**kwargs):
        for attempt in range(3):
            try:
                with transaction.atomic():
                    return func(**kwargs)
            except IntegrityError:
                if attempt == 2:
                    raise
        return None  # pragma: no cover

    return wrapper


def _require_public(article):
    if not article.is_public:
        raise DiscussionError("This article is not published.", code="not_public")


# --------------------------------------------------------------------------- comments


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
    ip=None,
    user_agent="",
    notify=(),
    proven_emails=(),
):
    """A comment appears at once when its author is known and proven, else waits for a moderator."""
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

    reason = hold_reason(body)
    with transaction.atomic():
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
            ip=ip,
            # PostgreSQL refuses NUL in text; a header is not worth losing the comment over.
            user_agent=(user_agent or "").replace("\x00", "")[:300],
        )
        if trusted:
            _set_status(comment, Comment.Status.APPROVED)
        for kind in notify:
            subscription_request(article=article, email=email, kind=kind, user=user)
    return comment


def _require_author(comment, *, user, own_comment_ids):
    is_author = (user is not None and user.is_authenticated and comment.user_id == user.pk) or (
        comment.user_id is None and comment.pk in set(own_comment_ids or ())
    )
    if not is_author:
        raise PermissionDenied("Only the author may change this comment.")


def comment_edit(
    *, comment, body, is_spoiler=None, user=None, own_comment_ids=(), ip=None, now=None
):
    """The author corrects their comment within 10 minutes; a suspicious edit is held again."""
    _require_author(comment, user=user, own_comment_ids=own_comment_ids)
    # A ban stops the words, not only new comments: no rewriting a published one afterwards.
    if is_banned(email=comment.author_email, ip=ip):
        raise Banned()
    now = now or timezone.now()
    if not comment.is_editable_now(now):
        raise DiscussionError(
            "Comments can only be edited for 10 minutes after posting.", code="too_late"
        )
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
    return comment


def comment_delete_own(*, comment, user=None, own_comment_ids=()):
    """The author takes back their comment; where it has replies, "comment removed" stays."""
    _require_author(comment, user=user, own_comment_ids=own_comment_ids)
    with transaction.atomic():
        _set_status(comment, Comment.Status.REMOVED)
    return comment


def _moderate(*, comment, moderator, status, action, note=""):
    _require_moderator(moderator)
    with transaction.atomic():
        changed = _set_status(comment, status)
        if changed:
            _log(moderator=moderator, action=action, target=comment, comment=comment, note=note)
    return changed


def comment_approve(*, comment, moderator, note=""):
    """A moderator publishes a comment: readers see it and subscribers get one mail."""
    return _moderate(
        comment=comment,
        moderator=moderator,
        status=Comment.Status.APPROVED,
        action=ModerationLog.Action.APPROVE,
        note=note,
    )


def comment_reject(*, comment, moderator, note=""):
    """A moderator turns down a held comment; nobody but moderators sees it again."""
    return _moderate(
        comment=comment,
        moderator=moderator,
        status=Comment.Status.REMOVED,
        action=ModerationLog.Action.REJECT,
        note=note,
    )


def comment_mark_spam(*, comment, moderator, note=""):
    """A moderator files a comment as spam: hidden from readers, kept for the record."""
    return _moderate(
        comment=comment,
        moderator=moderator,
        status=Comment.Status.SPAM,
        action=ModerationLog.Action.SPAM,
        note=note,
    )


def comment_remove(*, comment, moderator, note=""):
    """A moderator takes down a published comment; its replies stay under "comment removed"."""
    return _moderate(
        comment=comment,
        moderator=moderator,
        status=Comment.Status.REMOVED,
        action=ModerationLog.Action.REMOVE,
        note=note,
    )


# --------------------------------------------------------------------------- votes


@_retry_on_duplicate
def _vote_once(*, comment, voter_key, user, value, ip, now):
    # The score update locks the comment row anyway; taking that lock first makes one reader's
    # simultaneous clicks queue up instead of racing to insert the same vote.
    Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk").first()
    vote = CommentVote.objects.select_for_update().filter(comment=comment, voter_key=voter_key)
    vote = vote.first()
    old = vote.value if vote else 0
    if vote and vote.value == value:
        vote.delete()
        new = 0
    elif vote:
        vote.value = value
        vote.save(update_fields=["value"])
        new = value
    else:
        CommentVote.objects.create(
            comment=comment, voter_key=voter_key, user=user, value=value, ip=ip, created_at=now
        )
        new = value
    if new != old:
        Comment.objects.filter(pk=comment.pk).update(score=F("score") + (new - old))
    return new


def comment_vote(*, comment, voter_key, value, user=None, ip=None, own_comment_ids=()):
    """A reader votes a comment up or down (the same vote again withdraws it); the score moves.

    Returns (the reader's vote now: 1, -1 or 0, the comment's new score).
    """
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in (1, -1):
        raise DiscussionError("A vote is either up or down.", code="value")
    if not voter_key:
        raise DiscussionError("Your browser did not send a voter cookie.", code="voter")
    if comment.status != Comment.Status.APPROVED:
        raise DiscussionError("You can only vote on published comments.", code="not_approved")
    if user is not None and not user.is_authenticated:
        user = None
    if (user is not None and comment.user_id == user.pk) or (
        comment.user_id is None and comment.pk in set(own_comment_ids or ())
    ):
        raise DiscussionError("You cannot vote on your own comment.", code="own")
    if is_banned(email=user.email if user else "", ip=ip):
        raise Banned()
    now = timezone.now()
    with transaction.atomic():
        new = _vote_once(
            comment=comment, voter_key=voter_key, user=user, value=value, ip=ip, now=now
        )
        _flag_burst(kind=ModerationFlag.Kind.VOTES, model=CommentVote, ip=ip, now=now)
    comment.refresh_from_db(fields=["score"])
    return new, comment.score


def votes_remove(*, votes, moderator, note=""):
    """A moderator removes fraudulent votes; the comments' scores drop back accordingly."""
    _require_moderator(moderator)
    removed = 0
    with transaction.atomic():
        for vote in CommentVote.objects.select_for_update().filter(
            pk__in=[vote.pk for vote in votes]
        ):
            Comment.objects.filter(pk=vote.comment_id).update(score=F("score") - vote.value)
            ModerationLog.objects.create(
                moderator=moderator,
                action=ModerationLog.Action.VOTES_REMOVE,
                comment_id=vote.comment_id,
                target=f"vote {vote.value:+d} by {vote.voter_key} ({vote.ip or 'no IP'})",
                note=note,
            )
            vote.delete()
            removed += 1
    return removed


# --------------------------------------------------------------------------- ratings


@_retry_on_duplicate
def _rate_once(*, article, voter_key, user, value, ip, now):
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    rating = Rating.objects.select_for_update().filter(article=article, voter_key=voter_key)
    rating = rating.first()
    if rating:
        delta_sum, delta_count = value - rating.value, 0
        if delta_sum:
            rating.value = value
            rating.save(update_fields=["value", "updated_at"])
    else:
        Rating.objects.create(
            article=article, voter_key=voter_key, user=user, value=value, ip=ip, created_at=now
        )
        delta_sum, delta_count = value, 1
    if delta_sum or delta_count:
        Article.objects.filter(pk=article.pk).update(
            rating_sum=F("rating_sum") + delta_sum, rating_count=F("rating_count") + delta_count
        )


def parse_stars(value):
    try:
        stars = int(str(value).strip())
    except (TypeError, ValueError):
        stars = None
    if stars is None or not 1 <= stars <= 5:
        raise DiscussionError("Choose a rating from 1 to 5 stars.", code="value")
    return stars


def rating_set(*, article, voter_key, value, user=None, ip=None):
    """A reader rates the explainer 1–5 stars (or changes their rating); the average moves."""
    stars = parse_stars(value)
    _require_public(article)
    if not voter_key:
        raise DiscussionError("Your browser did not send a voter cookie.", code="voter")
    if user is not None and not user.is_authenticated:
        user = None
    if is_banned(email=user.email if user else "", ip=ip):
        raise Banned()
    now = timezone.now()
    with transaction.atomic():
        _rate_once(article=article, voter_key=voter_key, user=user, value=stars, ip=ip, now=now)
        _flag_burst(kind=ModerationFlag.Kind.RATINGS, model=Rating, ip=ip, now=now)
    article.refresh_from_db(fields=["rating_sum", "rating_count"])
    return stars


def rating_remove(*, rating, moderator, note=""):
    """A moderator removes a fraudulent rating; the article's average follows."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = Rating.objects.select_for_update().filter(pk=rating.pk).first()
        if locked is None:
            return False
        Article.objects.filter(pk=locked.article_id).update(
            rating_sum=F("rating_sum") - locked.value, rating_count=F("rating_count") - 1
        )
        _log(
            moderator=moderator,
            action=ModerationLog.Action.RATING_REMOVE,
            target=f"{locked.value}★ on “{locked.article}” by {locked.voter_key} "
            f"({locked.ip or 'no IP'})",
            note=note,
        )
        locked.delete()
    return True


# --------------------------------------------------------------------------- subscriptions


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
            _enqueue_on_commit(
                tasks.subscription_send_confirmation, subscription_id=subscription.pk
            )
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


# --------------------------------------------------------------------------- bans and flags


def ban_create(*, moderator, email="", ip=None, reason=""):
    """A moderator bans an email or IP address: it can no longer comment, vote or rate."""
    _require_moderator(moderator)
    email = (email or "").strip()
    if not email and not ip:
        raise DiscussionError("Give an email address or an IP address to ban.", code="ban")
    with transaction.atomic():
        ban = Ban.objects.create(email=email, ip=ip or None, reason=reason, created_by=moderator)
        _log(moderator=moderator, action=ModerationLog.Action.BAN, target=ban, note=reason)
    return ban


def flag_resolve(*, flag, moderator, note=""):
    """A moderator has looked at a burst of votes or ratings and closes the flag."""
    _require_moderator(moderator)
    with transaction.atomic():
        updated = ModerationFlag.objects.filter(pk=flag.pk, resolved_at=None).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
        if updated:
            _log(
                moderator=moderator,
                action=ModerationLog.Action.FLAG_RESOLVE,
                target=flag,
                note=note,
            )
    return bool(updated)
