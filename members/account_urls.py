"""django-allauth's pages under /accounts/, only those a passwordless reader uses.

Not `include("allauth.urls")`: readers have no password to change or reset, and no second
address to manage, so those pages do not exist here (nor a second way into a staff
account). A new address gets its account from the sign-in code itself, so no sign-up page.
"""

from django.urls import path
from django.views.generic import RedirectView

from allauth.account import views

urlpatterns = [
    # Readers have no password: the sign-in page asks for an address and mails a code.
    path("login/", views.request_login_code, name="account_login"),
    path("login/code/", views.request_login_code, name="account_request_login_code"),
    path("login/code/confirm/", views.confirm_login_code, name="account_confirm_login_code"),
    path("logout/", views.logout, name="account_logout"),
    path("inactive/", views.account_inactive, name="account_inactive"),
    # Where allauth sends a signed-in reader to manage their address: their profile.
    path("email/", RedirectView.as_view(pattern_name="members:profile"), name="account_email"),
    path("confirm-email/", views.email_verification_sent, name="account_email_verification_sent"),
]
