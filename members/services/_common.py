"""Shared by the account services: the refusal readers read, and what a reader account is."""


class AccountError(Exception):
    """A refusal a reader should read: the message says what to do instead."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def is_reader(user):
    """A reader account: signed in, and no staff flag, superuser flag, group or permission.

    Reader pages and services only ever act for such an account; staff keep to the admin
    and its own login (guarded by django-axes).
    """
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and not user.is_staff
        and not user.is_superuser
        and not user.groups.exists()
        and not user.user_permissions.exists()
    )


def require_reader(user):
    if not is_reader(user):
        raise AccountError(
            "This page is for reader accounts. Staff accounts are managed in the admin.",
            code="not_reader",
        )
