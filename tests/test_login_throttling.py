"""Guessing admin passwords is throttled per username and address; Argon2 hashes new ones."""

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


def test_new_passwords_are_hashed_with_argon2_first():
    from config import settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert (
        Argon2PasswordHasher().encode("secret", Argon2PasswordHasher().salt()).startswith("argon2$")
    )
