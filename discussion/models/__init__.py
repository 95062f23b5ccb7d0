"""Comments, votes, ratings and subscriptions under an article, and moderators' tools."""

from .audience import AUDIENCE_RATING_MINIMUM, AudienceScore, ProductionRating
from .comments import (
    EDIT_WINDOW_SECONDS,
    MAX_DISPLAY_DEPTH,
    Comment,
    CommentQuerySet,
    CommentVote,
    Rating,
)
from .moderation import Ban, ModerationFlag, ModerationLog
from .stamps import UsedStamp
from .subscriptions import Subscription, SubscriptionMail

__all__ = [
    "AUDIENCE_RATING_MINIMUM",
    "AudienceScore",
    "ProductionRating",
    "EDIT_WINDOW_SECONDS",
    "MAX_DISPLAY_DEPTH",
    "Ban",
    "Comment",
    "CommentQuerySet",
    "CommentVote",
    "ModerationFlag",
    "ModerationLog",
    "Rating",
    "Subscription",
    "SubscriptionMail",
    "UsedStamp",
]
