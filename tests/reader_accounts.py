"""Helpers for the reader-account tests: sign in with the code read from the test outbox."""

import re

from django.urls import reverse

CODE_RE = re.compile(r"^\s*([A-Z0-9-]{6,})\s*$", re.MULTILINE)


def code_from(message):
    """The sign-in code in a mail, as a reader would copy it."""
    match = CODE_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def sign_in(client, email, mailoutbox, capture):
    """Ask for a code at /accounts/login/, read it from the outbox, type it: signed in."""
    with capture(execute=True):
        response = client.post(reverse("account_login"), {"email": email})
    assert response.status_code == 302, response.content[:500]
    message = mailoutbox[-1]
    assert message.to == [email]
    with capture(execute=True):
        response = client.post(reverse("account_confirm_login_code"), {"code": code_from(message)})
    assert response.status_code == 302, response.content[:800]
    return response
