"""Readers vote comments up or down; moderators remove fraudulent votes."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from core.pagecache import invalidate, key

from ..models import Comment, CommentVote, ModerationFlag, ModerationLog
from ._common import (
    Banned,
    DiscussionError,
    _flag_burst,
    _require_moderator,
    _retry_on_duplicate,
    is_banned,
)


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
    if comment.is_authored_by(user, own_comment_ids):
        raise DiscussionError("You cannot vote on your own comment.", code="own")
    if is_banned(email=user.email if user else "", ip=ip):
        raise Banned()
    now = timezone.now()
    with transaction.atomic():
        new = _vote_once(
            comment=comment, voter_key=voter_key, user=user, value=value, ip=ip, now=now
        )
        _flag_burst(kind=ModerationFlag.Kind.VOTES, model=CommentVote, ip=ip, now=now)
        # The score shows in the article's discussion, wherever it is kept.
        invalidate(key(Article, comment.article_id))
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
            invalidate(key(Article, vote.comment.article_id))
            vote.delete()
            removed += 1
    return removed
