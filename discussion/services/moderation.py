"""Moderators approve, reject, file as spam or remove comments, ban addresses and close flags."""

from django.db import transaction
from django.utils import timezone

from ..models import Ban, Comment, ModerationFlag, ModerationLog
from ._common import DiscussionError, _log, _require_moderator, _set_status


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


def comment_take_down(*, comment, moderator, note=""):
    """A moderator's "Remove": a held comment is turned down, a published one taken down."""
    if comment.status == Comment.Status.PENDING:
        return comment_reject(comment=comment, moderator=moderator, note=note)
    return comment_remove(comment=comment, moderator=moderator, note=note)


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
