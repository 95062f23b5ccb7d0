"""Members' rate limits (core/limits.py counts them): asking for a sign-in code or a follow.

What these cost is the mail they queue, so when the cache is down they are counted from the
outbox: the sign-in codes and follow confirmations this IP asked for in the last period.
"""

from core.limits import RateLimits
from outbox.models import MailDelivery

from .mail import FOLLOW_CONFIRMATION, LOGIN_CODE

DEFAULT_RATES = {
    "follow": "10/h",
    "login_code": "5/m",
}
_MAIL_KIND = {"follow": FOLLOW_CONFIRMATION, "login_code": LOGIN_CODE}


def stored_count(action, *, ip, user, since):
    """How many mails of `action`'s kind this IP asked for since `since` (0 without an IP)."""
    if not ip:
        return 0
    return MailDelivery.objects.filter(
        kind=_MAIL_KIND[action], ip=ip, created_at__gte=since
    ).count()


LIMITS = RateLimits("members", defaults=DEFAULT_RATES, stored_count=stored_count)
rate = LIMITS.rate
is_limited = LIMITS.is_limited
