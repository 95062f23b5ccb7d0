"""The admin's password sign-in, throttled across addresses as well as per address.

django-axes counts failed passwords in the database (so it holds on every app server, with
or without Redis) and locks out one username from one address after LOGIN_FAILURE_LIMIT
failures. Guesses spread over many addresses, or over many usernames, never reach that
limit, so three wider limits are counted from the same rows, over the same window
(LOGIN_COOLOFF_MINUTES):

- per username, whatever the address (LOGIN_FAILURE_LIMIT_PER_USERNAME);
- per address, whatever the username (LOGIN_FAILURE_LIMIT_PER_ADDRESS);
- for the whole site (LOGIN_FAILURE_LIMIT_SITE).

A wider limit pauses sign-in only from addresses the username has never signed in from: an
editor at their usual desk still gets in while strangers guess their password, so nobody can
lock the newsroom out by failing on purpose. Usernames that exist and usernames that do not
are counted, and locked out, alike; the page says which limit was reached, never whether the
username exists. Setting a wider limit to 0 turns it off.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.shortcuts import render

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from axes.signals import user_locked_out

#: Why sign-in was paused, as the lockout page explains it.
PAIR = "pair"
USERNAME = "username"
ADDRESS = "address"
SITE = "site"
#: Each wider limit, and the setting that holds its number of failures.
WIDER_LIMITS = {
    USERNAME: "LOGIN_FAILURE_LIMIT_PER_USERNAME",
    ADDRESS: "LOGIN_FAILURE_LIMIT_PER_ADDRESS",
    SITE: "LOGIN_FAILURE_LIMIT_SITE",
}


def login_name(request, credentials=None):
    """The name a sign-in attempt is counted under (AXES_USERNAME_CALLABLE): what was typed in
    the username box, and an address (the admin takes the account's address there too,
    whatever its case) in lower case, so no spelling of it gets guesses of its own."""
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = credentials.get(field) if credentials else getattr(request, "POST", {}).get(field)
    if not typed:
        return typed
    typed = typed.strip()
    return typed.lower() if "@" in typed else typed


def signed_in_before(*, name, ip_address):
    """True when the account `name` stands for (its username, or its address) has signed in
    from `ip_address` before (django-axes' access log)."""
    usernames = {name}
    if "@" in name:
        usernames |= set(
            get_user_model()
            .objects.filter(email__iexact=name)
            .values_list(get_user_model().USERNAME_FIELD, flat=True)
        )
    return AccessLog.objects.filter(username__in=usernames, ip_address=ip_address).exists()


def wider_limit(rule):
    """The number of failures that pause sign-in under `rule` (0: the rule is off)."""
    return int(getattr(settings, WIDER_LIMITS[rule], 0) or 0)


def wider_failures(*, username, ip_address, since):
    """Failed sign-ins since `since`: for this username, from this address, and in all."""
    failures = "failures_since_start"
    counted = AccessAttempt.objects.filter(attempt_time__gte=since).aggregate(
        username=Sum(failures, filter=Q(username=username)),
        address=Sum(failures, filter=Q(ip_address=ip_address)),
        site=Sum(failures),
    )
    return {rule: counted[rule] or 0 for rule in WIDER_LIMITS}


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler, with the limits per username, per address and overall."""

    def wider_lockout(self, request, credentials=None):
        """The wider limit this attempt is over (USERNAME, ADDRESS or SITE), or None."""
        limits = {rule: wider_limit(rule) for rule in WIDER_LIMITS}
        if not any(limits.values()):
            return None
        username = get_client_username(request, credentials)
        ip_address = request.axes_ip_address
        failures = wider_failures(
            username=username, ip_address=ip_address, since=get_cool_off_threshold(request)
        )
        over = [rule for rule, limit in limits.items() if limit and failures[rule] >= limit]
        if not over:
            return None
        # Someone who has signed in to this account from this address before is its owner or
        # shares their desk: only the per-address-and-username limit holds.
        if username and signed_in_before(name=username, ip_address=ip_address):
            return None
        return over[0]

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            request.axes_lockout_reason = PAIR
            return True
        reason = self.wider_lockout(request, credentials)
        if reason is None:
            return False
        request.axes_lockout_reason = reason
        return True

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        if getattr(request, "axes_locked_out", False):
            if not getattr(request, "axes_lockout_reason", None):
                request.axes_lockout_reason = PAIR
            return
        reason = self.wider_lockout(request, credentials)
        if reason is None:
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        request.axes_lockout_reason = reason
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (429): which limit was reached and for how long, the same page for
    every username, existing or not (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {
        "reason": getattr(request, "axes_lockout_reason", None) or PAIR,
        "minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)
