"""The discussion's rate limits (core/limits.py counts them), and its rows as the fallback count.

When the cache is down, an action is counted from the rows this IP or account stored in the
last period: comments, edits, votes, ratings, and the confirmation mail a subscription queues.
"""

from django.db.models import Q

from core.limits import RateLimits
from outbox.models import MailDelivery

from .models import Comment, CommentVote, ProductionRating, Rating, Subscription
from .services.mail import CONFIRMATION

DEFAULT_RATES = {
    "comment": "5/m",
    "edit": "10/m",
    "vote": "30/m",
    "rating": "10/m",
    "subscribe": "10/h",
}


def _who(ip, user, *, ip_field="ip", user_field="user"):
    condition = Q(**{ip_field: ip}) if ip else Q()
    if user is not None:
        condition |= Q(**{user_field: user})
    return condition


def stored_count(action, *, ip, user, since):
    """How many `action`s this IP or account stored since `since`, counted in the database."""
    if action == "comment":
        rows = Comment.objects.filter(created_at__gte=since)
    elif action == "edit":
        rows = Comment.objects.filter(edited_at__gte=since)
    elif action == "vote":
        rows = CommentVote.objects.filter(created_at__gte=since)
    elif action == "rating":
        # One limit for stars, whether on an explainer or on a production.
        who = _who(ip, user)
        if not who:
            return 0
        found = Rating.objects.filter(who, updated_at__gte=since).count()
        return found + ProductionRating.objects.filter(who, updated_at__gte=since).count()
    else:
        # Subscribing stores no IP of its own: what it costs is the confirmation mail it queues.
        mails = MailDelivery.objects.filter(kind=CONFIRMATION, ip=ip, created_at__gte=since)
        count = mails.count() if ip else 0
        if user is not None:
            count += Subscription.objects.filter(user=user, created_at__gte=since).count()
        return count
    who = _who(ip, user)
    return rows.filter(who).count() if who else 0


LIMITS = RateLimits("discussion", defaults=DEFAULT_RATES, stored_count=stored_count)
rate = LIMITS.rate
is_limited = LIMITS.is_limited
