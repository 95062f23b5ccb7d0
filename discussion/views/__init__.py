"""Small POST endpoints under an article: each calls one service, then redirects back to the right
place with a message, or answers JSON / a partial when `static/js/discussion.js` asks."""

from ..limits import DEFAULT_RATES
from ._common import wants_json
from .audience import production_rate
from .comments import comment_delete, comment_edit, comment_post, comments, me
from .reactions import rate, vote
from .subscriptions import subscribe, subscription_confirm, unsubscribe

__all__ = [
    "DEFAULT_RATES",
    "comment_delete",
    "comment_edit",
    "comment_post",
    "comments",
    "me",
    "production_rate",
    "rate",
    "subscribe",
    "subscription_confirm",
    "unsubscribe",
    "vote",
    "wants_json",
]
