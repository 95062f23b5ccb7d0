"""Rate limits under an article: counted in the shared cache, and in the database when it is down.

The cache (Redis) counts every attempt, so all app servers agree cheaply. When the cache
cannot answer, django-ratelimit would refuse everyone (429 on every comment and vote); here
the same limits are counted instead from the rows this IP or account stored in the last
period, so readers keep taking part while a flood is still refused.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from django_ratelimit.core import _split_rate, get_usage

from .models import Comment, CommentVote, MailDelivery, Rating, Subscription

DEFAULT_RATES = {
    "comment": "5/m",
    "edit": "10/m",
    "vote": "30/m",
    "rating": "10/m",
    "subscribe": "10/h",
    "follow": "10/h",
    "login_code": "5/m",
}


def rate(action):
    """The rate ("5/m") allowed for `action`, from DISCUSSION_RATE_LIMITS or the default."""
    return getattr(settings, "DISCUSSION_RATE_LIMITS", {}).get(action, DEFAULT_RATES[action])


def _who(ip, user, *, ip_field="ip", user_field="user"):
    condition = Q(**{ip_field: ip}) if ip else Q()
    if user is not None:
        condition |= Q(**{user_field: user})
    return condition


def stored_count(action, *, ip, user, since):
    """How many `action`s this IP or account stored since `since`, counted in the database."""
    if action == "comment":
        rows = Comment.objects.filter(created_at__gte=since)
        who = _who(ip, user)
    elif action == "edit":
        rows = Comment.objects.filter(edited_at__gte=since)
        who = _who(ip, user)
    elif action == "vote":
        rows = CommentVote.objects.filter(created_at__gte=since)
        who = _who(ip, user)
    elif action == "rating":
        rows = Rating.objects.filter(updated_at__gte=since)
        who = _who(ip, user)
    elif action in ("follow", "login_code"):
        # What these cost is the mail they queue (a follow confirmation, a sign-in code).
        kind = {
            "follow": MailDelivery.Kind.FOLLOW_CONFIRMATION,
            "login_code": MailDelivery.Kind.LOGIN_CODE,
        }[action]
        mails = MailDelivery.objects.filter(kind=kind, ip=ip, created_at__gte=since)
        return mails.count() if ip else 0
    else:
        # Subscribing stores no IP of its own: what it costs is the confirmation mail it queues.
        mails = MailDelivery.objects.filter(
            kind=MailDelivery.Kind.CONFIRMATION, ip=ip, created_at__gte=since
        )
        count = mails.count() if ip else 0
        if user is not None:
            count += Subscription.objects.filter(user=user, created_at__gte=since).count()
        return count
    return rows.filter(who).count() if who else 0


def _cache_usage(request, action, key):
    usage = get_usage(
        request, group=f"discussion.{action}.{key}", key=key, rate=rate(action), increment=True
    )
    # django-ratelimit reports a cache it could not reach as "limit 0, time left -1".
    if usage is not None and usage["limit"] == 0 and usage["time_left"] == -1:
        return None
    return usage


def is_limited(request, action, *, ip):
    """True when this IP (or signed-in account) has done `action` too often in the period."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    user = request.user if request.user.is_authenticated else None
    usages = [_cache_usage(request, action, "ip")]
    if user is not None:
        usages.append(_cache_usage(request, action, "user"))
    if all(usage is not None for usage in usages):
        return any(usage["should_limit"] for usage in usages)
    limit, period = _split_rate(rate(action))
    since = timezone.now() - datetime.timedelta(seconds=period)
    return stored_count(action, ip=ip, user=user, since=since) >= limit
