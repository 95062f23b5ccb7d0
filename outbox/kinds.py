"""The kinds of mail the outbox carries, each declared by the app that writes it.

The outbox knows no kind by name: an app registers its kinds from its `AppConfig.ready()`
(the discussion its new-comment and confirmation mails, members its sign-in codes and follow
mail), and `services.delivery_send` asks the kind how to write a mail.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MailKind:
    """One kind of mail: its name in the outbox, what editors read in the admin, how it is written.

    `message(delivery)` writes the mail when it is sent (an `EmailMessage`, or None when it is
    no longer wanted: the delivery is then cancelled). Without it the mail is *prepared*: its
    recipient, subject, body and headers were written when queued and are kept in the row.
    `budget` bounds a mail a reader can ask for: {"address": (setting key, default),
    "ip": (setting key, default)}, counted over the last day. `forget_body`: the text is
    blanked once sent (a sign-in code is not kept).
    """

    name: str
    label: str
    message: Callable | None = None
    budget: dict = field(default_factory=dict)
    forget_body: bool = False

    @property
    def is_prepared(self):
        return self.message is None


KINDS = {}
#: How long a kind's name may be: it is stored in every row (`MailDelivery.kind`).
NAME_MAX_LENGTH = 20


def register(kind):
    """Declare a kind of mail (from an app's `ready()`); registering it again replaces it.
    A name the outbox could not store is refused here, at start-up, on every database
    (SQLite would store it whole; PostgreSQL refuses the first mail)."""
    if len(kind.name) > NAME_MAX_LENGTH:
        raise ValueError(f"Mail kind {kind.name!r} is longer than {NAME_MAX_LENGTH} characters")
    KINDS[kind.name] = kind
    return kind


def get(name):
    """The registered kind called `name`, or None."""
    return KINDS.get(name)


def label(name):
    kind = KINDS.get(name)
    return kind.label if kind is not None else name
