"""Rate limits: counted in the shared cache, and by the app's own rows when the cache is down.

The cache (Redis) counts every attempt, so all app servers agree cheaply. When the cache
cannot answer, django-ratelimit would refuse everyone (429 on every comment, vote or sign-in
code); instead each app counts the same limit from the rows it stored in the last period (a
comment, a queued mail), so readers keep taking part while a flood is still refused. Each app
declares its own limits (`discussion/limits.py`, `members/limits.py`); this module knows no
action by name.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from django_ratelimit.core import _split_rate, get_usage


def configured_rates():
    """Rates set in settings: RATE_LIMITS, over DISCUSSION_RATE_LIMITS (its older name)."""
    return {
        **getattr(settings, "DISCUSSION_RATE_LIMITS", {}),
        **getattr(settings, "RATE_LIMITS", {}),
    }


class RateLimits:
    """One app's limits: a default rate per action ("5/m") and how to count an action from the
    app's rows, `stored_count(action, *, ip, user, since)`, for when the cache is down."""

    def __init__(self, app, *, defaults, stored_count):
        self.app = app
        self.defaults = dict(defaults)
        self.stored_count = stored_count

    def rate(self, action):
        """The rate ("5/m") allowed for `action`, from settings or this app's default."""
        return configured_rates().get(action, self.defaults[action])

    def _cache_usage(self, request, action, key):
        usage = get_usage(
            request,
            group=f"{self.app}.{action}.{key}",
            key=key,
            rate=self.rate(action),
            increment=True,
        )
        # django-ratelimit reports a cache it could not reach as "limit 0, time left -1".
        if usage is not None and usage["limit"] == 0 and usage["time_left"] == -1:
            return None
        return usage

    def is_limited(self, request, action, *, ip):
        """True when this IP (or signed-in account) has done `action` too often in the period."""
        if not getattr(settings, "RATELIMIT_ENABLE", True):
            return False
        user = request.user if request.user.is_authenticated else None
        usages = [self._cache_usage(request, action, "ip")]
        if user is not None:
            usages.append(self._cache_usage(request, action, "user"))
        if all(usage is not None for usage in usages):
            return any(usage["should_limit"] for usage in usages)
        limit, period = _split_rate(self.rate(action))
        since = timezone.now() - datetime.timedelta(seconds=period)
        return self.stored_count(action, ip=ip, user=user, since=since) >= limit
