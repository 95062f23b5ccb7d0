"""Reader account forms: sign in by code, profile, follow."""

from django import forms

from allauth.account.forms import RequestLoginCodeForm
from allauth.core import context

from core.http import client_ip
from core.text import SingleLineEmailFormField, SingleLineFormField

from .limits import is_limited
from .services import reader_for_sign_in


class ReaderLoginCodeForm(RequestLoginCodeForm):
    """One address is all a reader gives: a code is mailed, and a new address gets its account.

    Rate-limited like every reader form (members/limits.py), then by allauth's own limits
    (counted by the same client IP); the mail itself is within the outbox's budget. A staff
    address gets no code: staff sign in at the admin. Every refusal comes before the account
    is made, so a refused request leaves no row.
    """

    def clean_email(self):
        request = context.request
        ip = client_ip(request)
        if is_limited(request, "login_code", ip=ip):
            raise forms.ValidationError(
                "Too many sign-in codes asked for from here. Please wait a minute.",
                code="rate_limited",
            )
        email = super().clean_email()
        # None (no code, the same "code sent" page): a staff address, or the budget is spent.
        self._user = reader_for_sign_in(email=email, ip=ip) if email else None
        return email


class ProfileForm(forms.Form):
    """The reader's name on their comments and which mail they want."""

    display_name = SingleLineFormField(
        label="Name on your comments", max_length=80, help_text="Shown beside what you write."
    )
    reply_mail = forms.BooleanField(label="Mail me replies to my comments", required=False)
    follow_mail = forms.BooleanField(
        label="Mail me new explainers about what I follow (at most one mail a day)",
        required=False,
    )


class FollowForm(forms.Form):
    """Follow by address (a signed-in reader leaves it empty: the account's is used)."""

    email = SingleLineEmailFormField(
        label="Email",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter a valid email address, such as name@example.com."},
    )
