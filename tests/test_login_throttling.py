"""Guessing admin passwords is throttled per username and address, per username across
addresses, per address across usernames and on the whole site; Argon2 hashes new ones."""

import datetime

import pytest
import time_machine

from tests.factories import UserFactory

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture
def chief(db):
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


def sign_in(client, username, password, ip="198.51.100.7"):
    return client.post(
        f"{LOGIN}?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def fail(client, username, times, ip="198.51.100.7"):
    return [sign_in(client, username, "wrong-guess", ip) for _ in range(times)]


def test_five_wrong_passwords_lock_out_even_the_right_one(client, chief, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    attempts = fail(client, "chief", 5)

    right = sign_in(client, "chief", PASSWORD)

    assert [a.status_code for a in attempts[:4]] == [200, 200, 200, 200]
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_username_is_locked_out_with_the_same_page(client, chief):
    fail(client, "chief", 5)
    fail(client, "nobody-here", 5)

    known = sign_in(client, "chief", "another-guess")
    unknown = sign_in(client, "nobody-here", "another-guess")

    assert (known.status_code, unknown.status_code) == (429, 429)
    assert known.content.decode() == unknown.content.decode().replace("nobody-here", "chief")
    assert LOCKED in unknown.content.decode()


def test_the_lockout_ends_after_the_cool_off(client, chief, settings):
    start = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        fail(client, "chief", 5)
        assert sign_in(client, "chief", PASSWORD).status_code == 429

    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)):
        response = sign_in(client, "chief", PASSWORD)
        signed_in_as = client.session.get("_auth_user_id")

    assert response.status_code == 302
    assert signed_in_as == str(chief.pk)


def test_another_address_is_not_locked_out_by_someone_elses_guesses(client, chief):
    fail(client, "chief", 5, ip="203.0.113.66")

    assert sign_in(client, "chief", PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, chief):
    fail(client, "chief", 4)
    assert sign_in(client, "chief", PASSWORD).status_code == 302
    client.logout()

    attempts = fail(client, "chief", 4)

    assert [a.status_code for a in attempts] == [200, 200, 200, 200]


def test_login_lockouts_count_by_the_trusted_client_ip(client, chief, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for spoofed in range(5):
        client.post(
            LOGIN,
            {"username": "chief", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{spoofed}, 198.51.100.7",
        )

    response = sign_in(client, "chief", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302  # a different reader behind the same proxy
    locked = client.post(
        LOGIN,
        {"username": "chief", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7",
    )
    assert locked.status_code == 429


def strangers_fail(client, username, times, first=1):
    """`times` wrong passwords for `username`, each from an address of its own."""
    return [
        sign_in(client, username, "wrong-guess", ip=f"203.0.113.{first + n}") for n in range(times)
    ]


def test_guesses_for_one_username_from_many_addresses_are_throttled(client, chief, settings):
    assert settings.LOGIN_FAILURE_LIMIT_PER_USERNAME == 10
    attempts = strangers_fail(client, "chief", 10)

    right = sign_in(client, "chief", PASSWORD, ip="192.0.2.200")

    assert [a.status_code for a in attempts[:9]] == [200] * 9
    assert attempts[9].status_code == 429
    assert right.status_code == 429
    assert "from several addresses" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_owner_still_signs_in_from_an_address_they_used_before(client, chief):
    assert sign_in(client, "chief", PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    strangers_fail(client, "chief", 30)

    from_a_new_address = sign_in(client, "chief", PASSWORD, ip="192.0.2.200")
    from_their_desk = sign_in(client, "chief", PASSWORD, ip="198.51.100.7")

    assert from_a_new_address.status_code == 429
    assert from_their_desk.status_code == 302
    assert client.session["_auth_user_id"] == str(chief.pk)


def test_one_address_trying_many_usernames_is_throttled(client, chief, settings):
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 20
    attempts = [sign_in(client, f"user{n}", "wrong-guess") for n in range(20)]

    right = sign_in(client, "chief", PASSWORD)

    assert [a.status_code for a in attempts[:19]] == [200] * 19
    assert (attempts[19].status_code, right.status_code) == (429, 429)
    assert "Several usernames have been tried" in right.content.decode()
    assert sign_in(client, "chief", PASSWORD, ip="192.0.2.200").status_code == 302


def test_past_the_site_wide_cap_only_known_addresses_sign_in(client, chief, settings):
    settings.LOGIN_FAILURE_LIMIT_SITE = 6
    assert sign_in(client, "chief", PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    for n in range(6):
        sign_in(client, f"user{n}", "wrong-guess", ip=f"203.0.113.{n + 1}")

    stranger = sign_in(client, "chief", PASSWORD, ip="192.0.2.200")
    owner = sign_in(client, "chief", PASSWORD, ip="198.51.100.7")

    assert stranger.status_code == 429
    assert "on this site as a whole" in stranger.content.decode()
    assert owner.status_code == 302


def test_wider_lockouts_do_not_tell_whether_the_username_exists(client, chief):
    strangers_fail(client, "chief", 10, first=1)
    strangers_fail(client, "nobody-here", 10, first=101)

    known = sign_in(client, "chief", "another-guess", ip="192.0.2.200")
    unknown = sign_in(client, "nobody-here", "another-guess", ip="192.0.2.200")

    assert (known.status_code, unknown.status_code) == (429, 429)
    assert known.content == unknown.content


def test_a_wider_limit_set_to_zero_is_off(client, chief, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 0
    strangers_fail(client, "chief", 12)

    assert sign_in(client, "chief", PASSWORD, ip="192.0.2.200").status_code == 302


def test_the_lockout_page_says_how_long_to_wait(client, chief, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    fail(client, "chief", 5)

    page = sign_in(client, "chief", PASSWORD).content.decode()

    assert "Please try again in 15 minutes." in page
    assert "Signing in with this username from your address is paused." in page


def test_the_wider_limits_hold_with_redis_down(client, chief, settings):
    """Failures are counted in the database: a cache outage changes nothing."""
    from core import cache as breaker
    from tests.private_servers import free_port, redis_caches

    breaker.reset()
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")
    try:
        strangers_fail(client, "chief", 10)
        right = sign_in(client, "chief", PASSWORD, ip="192.0.2.200")
    finally:
        breaker.reset()

    assert right.status_code == 429


def test_the_wider_limits_are_read_from_the_environment():
    import json

    from tests.test_settings import run_python

    result = run_python(
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.LOGIN_FAILURE_LIMIT_PER_USERNAME, "
        "s.LOGIN_FAILURE_LIMIT_PER_ADDRESS, s.LOGIN_FAILURE_LIMIT_SITE]))",
        DEBUG="true",
        LOGIN_FAILURE_LIMIT_PER_USERNAME="7",
        LOGIN_FAILURE_LIMIT_PER_ADDRESS="8",
        LOGIN_FAILURE_LIMIT_SITE="0",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [7, 8, 0]


def test_every_spelling_of_an_address_counts_as_one(client, chief):
    """The admin also takes the account's address in the username box, whatever its case: each
    spelling must not get guesses of its own."""
    chief.email = "chief@example.com"
    chief.save(update_fields=["email"])
    spellings = ["Chief@example.com", "CHIEF@example.com", "chief@EXAMPLE.com", "cHief@example.com"]
    attempts = [sign_in(client, spelling, "wrong-guess") for spelling in spellings]
    attempts.append(sign_in(client, "chief@Example.COM", "wrong-guess"))

    right = sign_in(client, "chief@example.com", PASSWORD)

    assert [a.status_code for a in attempts] == [200, 200, 200, 200, 429]
    assert right.status_code == 429


def test_signing_in_by_address_works_and_keeps_the_known_address(client, chief):
    chief.email = "chief@example.com"
    chief.save(update_fields=["email"])
    assert sign_in(client, "Chief@Example.com", PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    strangers_fail(client, "chief@example.com", 12)

    assert sign_in(client, "chief@example.com", PASSWORD, ip="192.0.2.200").status_code == 429
    assert sign_in(client, "CHIEF@example.com", PASSWORD, ip="198.51.100.7").status_code == 302


def test_new_passwords_are_hashed_with_argon2_first():
    from config import settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert (
        Argon2PasswordHasher().encode("secret", Argon2PasswordHasher().salt()).startswith("argon2$")
    )
