"""Asking for a sign-in code: every limit counts the reader behind a proxy, not the proxy,
and a request that is refused leaves no account and no address behind."""

import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from core import cache as breaker
from members.mail import LOGIN_CODE
from outbox.models import MailDelivery
from tests.private_servers import free_port, redis_caches

pytestmark = pytest.mark.django_db
User = get_user_model()

PROXY = "10.0.0.1"
#: What a reader reads when Marquee's own limit refuses, and when allauth's does.
MARQUEE_REFUSAL = "Too many sign-in codes"
ALLAUTH_REFUSAL = "Too many failed login attempts"


@pytest.fixture
def behind_a_proxy(settings):
    """One proxy in front of the app: it appends the reader's address to X-Forwarded-For."""
    settings.TRUSTED_PROXY_HOPS = 1
    return settings


def ask_for_code(email, reader_ip, capture, *, forged=""):
    """A code request for `email`, from `reader_ip`, through the proxy (a new browser)."""
    forwarded = f"{forged}, {reader_ip}" if forged else reader_ip
    with capture(execute=True):
        return Client().post(
            reverse("account_login"),
            {"email": email},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )


def refused(response, words):
    return response.status_code == 200 and words in response.content.decode()


def test_four_readers_behind_one_proxy_do_not_lock_the_others_out_of_sign_in(
    behind_a_proxy, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # Each of four readers asks for as many codes as Marquee allows one IP in a minute (5):
    # twenty requests from the proxy's address, allauth's own limit for one address.
    for reader in range(4):
        for code in range(5):
            email = f"reader{reader}.{code}@example.com"
            response = ask_for_code(email, f"198.51.100.{reader + 1}", capture)
            assert response.status_code == 302, (reader, code, response.content[:300])
    assert len(mailoutbox) == 20

    fifth = ask_for_code("newcomer@example.com", "198.51.100.9", capture)

    assert fifth.status_code == 302
    assert mailoutbox[-1].to == ["newcomer@example.com"]


def test_one_abuser_behind_the_proxy_is_refused_and_the_others_are_not(
    behind_a_proxy, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    abuser = "203.0.113.66"
    answers = [
        # Forging addresses of its own to the left of the proxy's changes nothing.
        ask_for_code(f"victim{n}@example.com", abuser, capture, forged=f"192.0.2.{n}")
        for n in range(8)
    ]

    assert [a.status_code for a in answers[:5]] == [302] * 5
    assert all(refused(answer, MARQUEE_REFUSAL) for answer in answers[5:])
    reader = ask_for_code("reader@example.com", "198.51.100.7", capture)
    assert reader.status_code == 302
    assert mailoutbox[-1].to == ["reader@example.com"]


def test_allauths_own_code_limit_counts_the_reader_behind_the_proxy(
    behind_a_proxy, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    behind_a_proxy.ACCOUNT_RATE_LIMITS = {"request_login_code": "2/m/ip"}
    behind_a_proxy.RATE_LIMITS = {"login_code": "100/m"}

    others = [ask_for_code(f"r{n}@example.com", f"198.51.100.{n + 1}", capture) for n in range(4)]
    one = [ask_for_code(f"one{n}@example.com", "203.0.113.5", capture) for n in range(3)]

    assert [a.status_code for a in others] == [302] * 4
    assert [a.status_code for a in one[:2]] == [302, 302]
    assert refused(one[2], ALLAUTH_REFUSAL)


def test_with_redis_refused_a_reader_gets_a_code_at_once_and_floods_are_refused(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # Warm up (imports, templates) with the healthy cache, so the bound measures the outage.
    Client().get(reverse("account_login"))
    breaker.reset()
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")
    try:
        started = time.monotonic()
        first = ask_for_code("first@example.com", "198.51.100.1", capture)
        elapsed = time.monotonic() - started
        more = [ask_for_code(f"r{n}@example.com", "198.51.100.1", capture) for n in range(5)]
    finally:
        breaker.reset()

    assert first.status_code == 302 and elapsed < 1
    assert mailoutbox[0].to == ["first@example.com"]
    # Counted from the outbox's rows while the cache is down: five codes a minute per IP.
    assert [answer.status_code for answer in more[:4]] == [302] * 4
    assert refused(more[4], MARQUEE_REFUSAL)


def _rows():
    return User.objects.count(), EmailAddress.objects.count()


@pytest.mark.parametrize(
    "refusal",
    [
        "marquee_rate_limit",
        "allauth_rate_limit",
        "mail_budget_for_the_address",
        "mail_budget_for_the_ip",
        "staff_address",
        "inactive_account",
        "not_an_address",
    ],
)
def test_a_refused_code_request_creates_no_account_and_no_address(
    refusal, settings, client, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    capture = django_capture_on_commit_callbacks
    email = "newcomer@example.com"
    settings.MAIL_BUDGET = {"login_code_address": 5, "login_code_ip": 20}
    if refusal == "marquee_rate_limit":
        settings.RATE_LIMITS = {"login_code": "1/m"}
        ask_for_code("first@example.com", "198.51.100.1", capture)
    elif refusal == "allauth_rate_limit":
        settings.ACCOUNT_RATE_LIMITS = {"request_login_code": "1/m/ip"}
        ask_for_code("first@example.com", "198.51.100.1", capture)
    elif refusal == "mail_budget_for_the_address":
        settings.MAIL_BUDGET = {"login_code_address": 0}
    elif refusal == "mail_budget_for_the_ip":
        settings.MAIL_BUDGET = {"login_code_ip": 1}
        ask_for_code("first@example.com", "198.51.100.1", capture)
    elif refusal == "staff_address":
        UserFactory(email=email, is_staff=True)
    elif refusal == "inactive_account":
        UserFactory(email=email, is_active=False)
    elif refusal == "not_an_address":
        email = "newcomer@"
    accounts, addresses = _rows()
    codes = MailDelivery.objects.filter(kind=LOGIN_CODE).count()

    ask_for_code(email, "198.51.100.1", capture)

    assert _rows() == (accounts, addresses)
    assert MailDelivery.objects.filter(kind=LOGIN_CODE).count() == codes
    assert not User.objects.filter(email="newcomer@").exists()


def test_an_accepted_code_request_makes_one_unverified_reader_account(
    mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    accounts, addresses = _rows()

    response = ask_for_code("newcomer@example.com", "198.51.100.1", capture)

    assert response.status_code == 302
    assert _rows() == (accounts + 1, addresses + 1)
    address = EmailAddress.objects.get(email="newcomer@example.com")
    assert not address.verified and not address.user.is_staff
    assert mailoutbox[-1].to == ["newcomer@example.com"]


def test_a_staff_address_and_a_spent_budget_answer_like_a_sent_code(
    settings, django_capture_on_commit_callbacks
):
    """Nobody learns from the answer whether an address is staff's or its budget is spent."""
    from tests.factories import UserFactory

    capture = django_capture_on_commit_callbacks
    UserFactory(email="chief@example.com", is_staff=True)
    sent = ask_for_code("someone@example.com", "198.51.100.1", capture)
    staff = ask_for_code("chief@example.com", "198.51.100.2", capture)
    settings.MAIL_BUDGET = {"login_code_address": 0}
    spent = ask_for_code("another@example.com", "198.51.100.3", capture)

    assert sent.status_code == staff.status_code == spent.status_code == 302
    assert sent["Location"] == staff["Location"] == spent["Location"]
