"""The kinds of mail members send through the outbox, written when queued (`prepared`).

A sign-in code and a follow confirmation are asked for by whoever types an address, so each
has a budget per address and per asking IP (MAIL_BUDGET in settings overrides the numbers);
a digest is bounded by its own rule (one a day per reader). Registered with the outbox in
`MembersConfig.ready()`.
"""

from outbox import kinds

LOGIN_CODE = "login_code"
FOLLOW_CONFIRMATION = "follow_confirmation"
FOLLOW_DIGEST = "follow_digest"

MAIL_KINDS = [
    kinds.MailKind(
        LOGIN_CODE,
        "Sign-in code",
        budget={"address": ("login_code_address", 5), "ip": ("login_code_ip", 20)},
        # A sign-in code is not kept once it has left.
        forget_body=True,
    ),
    kinds.MailKind(
        FOLLOW_CONFIRMATION,
        "Confirm follow",
        budget={"address": ("follow_address", 3), "ip": ("follow_ip", 10)},
    ),
    kinds.MailKind(FOLLOW_DIGEST, "New explainers about what you follow"),
]


def register_mail_kinds():
    for kind in MAIL_KINDS:
        kinds.register(kind)
