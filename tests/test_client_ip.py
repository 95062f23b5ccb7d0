"""The reader's IP is REMOTE_ADDR or what our own proxies saw, never a header a client forges."""

from django.test import RequestFactory

import pytest

from core.http import client_ip


def request_from(remote_addr, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0

    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_appended_counts_and_prepended_ones_do_not(settings):
    settings.TRUSTED_PROXY_HOPS = 1

    forged = request_from("10.0.0.1", "192.0.2.66, 192.0.2.67, 198.51.100.1")

    assert client_ip(forged) == "198.51.100.1"


def test_behind_a_cdn_and_a_proxy_the_second_address_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_HOPS = 2

    assert client_ip(request_from("10.0.0.1", "192.0.2.66, 198.51.100.1, 203.0.113.5")) == (
        "198.51.100.1"
    )


@pytest.mark.parametrize("forwarded", ["", "not-an-ip", " , "])
def test_a_missing_or_broken_forwarded_for_falls_back_to_remote_addr(settings, forwarded):
    settings.TRUSTED_PROXY_HOPS = 1

    assert client_ip(request_from("10.0.0.1", forwarded)) == "10.0.0.1"


def test_the_old_client_ip_header_variable_stops_startup_with_a_pointer():
    from tests.test_settings import run_python

    result = run_python(
        "import django; django.setup()", DEBUG="true", CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR"
    )

    assert result.returncode != 0
    assert "set TRUSTED_PROXY_HOPS" in result.stderr


def test_every_limiter_counts_the_same_client_ip(settings):
    """Marquee's limits, django-ratelimit, django-axes and django-allauth: one rule."""
    from allauth.account.adapter import get_adapter
    from allauth.core.internal.ratelimit import get_ip as allauth_rate_limit_ip
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _get_ip as django_ratelimit_ip

    settings.TRUSTED_PROXY_HOPS = 1
    request = request_from("10.0.0.1", "192.0.2.66, 198.51.100.1")

    seen = {
        "marquee": client_ip(request),
        "django-ratelimit": django_ratelimit_ip(request),
        "django-axes": get_client_ip_address(request),
        "django-allauth": get_adapter(request).get_client_ip(request),
        "django-allauth rate limits": allauth_rate_limit_ip(request),
    }

    assert seen == dict.fromkeys(seen, "198.51.100.1")
