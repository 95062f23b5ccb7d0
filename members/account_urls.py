"""django-allauth's pages under /accounts/, with sign-in by code as the sign-in page."""

from django.urls import include, path

from allauth.account.views import request_login_code

urlpatterns = [
    # Readers have no password: /accounts/login/ asks for an address and mails a code.
    path("login/", request_login_code, name="account_login"),
    path("", include("allauth.urls")),
]
