"""What a signed-in reader (or a follower by email) does: each action one function, one
transaction. Views and the account adapter call these; none gives a reader staff rights."""

from ._common import AccountError, is_reader
from .account import account_delete, account_export, profile_country_set
from .claim import comments_claim, comments_claimable, email_is_proven
from .follow_mail import (
    article_announce,
    digest_queue,
    digests_send_due,
    follow_mail_on_first_publish,
)
from .follows import (
    follow_confirm,
    follow_confirm_token,
    follow_for_token,
    follow_remove,
    follow_request,
    follow_unsubscribe,
    follow_unsubscribe_token,
    follows_for_token,
    follows_move_to_kept_tag,
    follows_unsubscribe,
    follows_unsubscribe_token,
    subscription_remove,
)
from .profile import (
    profile_for,
    profile_update,
    reader_for_sign_in,
    reader_prepare,
    wants_reply_mail,
)

__all__ = [
    "AccountError",
    "account_delete",
    "account_export",
    "profile_country_set",
    "article_announce",
    "comments_claim",
    "comments_claimable",
    "digest_queue",
    "digests_send_due",
    "email_is_proven",
    "follow_confirm",
    "follow_confirm_token",
    "follow_for_token",
    "follow_mail_on_first_publish",
    "follow_remove",
    "follow_request",
    "follow_unsubscribe",
    "follow_unsubscribe_token",
    "follows_for_token",
    "follows_move_to_kept_tag",
    "follows_unsubscribe",
    "follows_unsubscribe_token",
    "is_reader",
    "profile_for",
    "profile_update",
    "reader_for_sign_in",
    "reader_prepare",
    "subscription_remove",
    "wants_reply_mail",
]
