"""Shared by the discussion services: refusals, bans, body rules, status moves, counters."""

import datetime
import functools
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article, ArticleBlock
from core.pagecache import invalidate, key

from ..models import Ban, Comment, ModerationFlag, ModerationLog

logger = logging.getLogger(__package__)  # "discussion.services", as before the split
MAX_BODY_LENGTH = 5000
MIN_BODY_LENGTH = 2
MAX_LINKS = 2
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


class Duplicate(DiscussionError):
    """The reader already posted these very words here a moment ago: nothing new is stored."""

    def __init__(self):
        super().__init__(
            "You already posted this comment: it is there once, no need to send it again.",
            code="duplicate",
        )


class Replayed(DiscussionError):
    """The form was already used for a comment: a replay, answered as a bot is."""

    def __init__(self):
        super().__init__("This form was already sent.", code="replayed")


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


def _move_counters(comment, delta):
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
    if comment.anchor_block_id:
        ArticleBlock.objects.filter(pk=comment.anchor_block_id).update(
            feedback_count=F("feedback_count") + delta
        )


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
    if Comment.Status.APPROVED in (old, status):
        # Readers see the comment appear or go once this commits.
        invalidate(key(Article, comment.article_id))
    if old == Comment.Status.APPROVED:
        _move_counters(locked, -1)
    if status == Comment.Status.APPROVED:
        _move_counters(locked, +1)
    if first_approval:
        # Imported here: the outbox builds on the subscription rules, which build on this module.
        from .mail import delivery_queue_notifications

        delivery_queue_notifications(comment=comment)
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
