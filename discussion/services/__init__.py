"""What readers and moderators do under an article: each action is one function, one transaction.

Views, admin actions and the demo loader call these; permissions are checked here too, so a new
entry point cannot skip them. Stored counters (article comment count, rating sum and count,
block feedback count, comment score) move with `F()` expressions in the same transaction as the
row that changed, so two simultaneous requests are both counted.
"""

from ._common import (
    Banned,
    DiscussionError,
    Duplicate,
    Replayed,
    validate_body,
)
from .comments import comment_check_editable, comment_delete_own, comment_edit, comment_post
from .counters import comments_recount
from .mail import delivery_queue_confirmation, delivery_queue_notifications
from .moderation import (
    ban_create,
    comment_approve,
    comment_mark_spam,
    comment_reject,
    comment_remove,
    comment_take_down,
    flag_resolve,
)
from .ratings import (
    production_rating_remove,
    production_rating_set,
    rating_remove,
    rating_set,
)
from .subscriptions import (
    confirm_token,
    notification_recipients,
    subscription_confirm,
    subscription_for_token,
    subscription_request,
    subscription_unsubscribe,
    unsubscribe_token,
)
from .votes import comment_vote, votes_remove

__all__ = [
    "Banned",
    "DiscussionError",
    "Duplicate",
    "ban_create",
    "comment_approve",
    "comment_check_editable",
    "comment_delete_own",
    "comment_edit",
    "comment_mark_spam",
    "comment_post",
    "comment_reject",
    "comment_remove",
    "comment_take_down",
    "comment_vote",
    "comments_recount",
    "confirm_token",
    "delivery_queue_confirmation",
    "delivery_queue_notifications",
    "flag_resolve",
    "notification_recipients",
    "production_rating_remove",
    "production_rating_set",
    "rating_remove",
    "Replayed",
    "rating_set",
    "subscription_confirm",
    "subscription_for_token",
    "subscription_request",
    "subscription_unsubscribe",
    "unsubscribe_token",
    "validate_body",
    "votes_remove",
]
