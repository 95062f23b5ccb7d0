"""How django-allauth works for Marquee's readers: mail through the outbox, no staff rights."""

import secrets

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import render

from allauth.account.adapter import DefaultAccountAdapter

from core.countries import chosen_country, set_country_cookie
from core.http import client_ip, ratelimit_ip
from outbox.services import delivery_queue_prepared

from .mail import LOGIN_CODE
from .services import is_reader, profile_country_set, reader_prepare


class ReaderAccountAdapter(DefaultAccountAdapter):
    """Reader accounts: every mail (sign-in codes included) is a row in the discussion's
    outbox, within its mail budget; new accounts are readers; staff never sign in here."""

    def get_client_ip(self, request):
        # allauth's own rate limits (20 code requests a minute per IP, and the rest) count by
        # the IP every Marquee limit uses, core.http.client_ip: behind a proxy, the reader's
        # address, not the proxy's. allauth's ALLAUTH_TRUSTED_PROXY_COUNT and
        # ALLAUTH_TRUSTED_CLIENT_IP_HEADER are not read; TRUSTED_PROXY_HOPS says it once.
        return ratelimit_ip(request)

    def send_mail(self, template_prefix, email, context):
        request = self.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                "SITE_NAME": settings.SITE_NAME,
                **context,
            },
        )
        delivery_queue_prepared(
            kind=LOGIN_CODE,
            to=email,
            subject=message.subject,
            body=message.body,
            ip=client_ip(request) if request is not None else None,
        )

    def populate_username(self, request, user):
        # The username is never shown, and must not spell out the reader's address.
        if not user.username:
            user.username = f"reader-{secrets.token_hex(6)}"

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            reader_prepare(user=user)
        return user

    def pre_login(self, request, user, **kwargs):
        # The admin has its own login, with a password and django-axes; a code sent by mail
        # never opens a staff session.
        if user.pk and not is_reader(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return render(request, "account/staff_elsewhere.html", status=403)
        return super().pre_login(request, user, **kwargs)

    def post_login(self, request, user, **kwargs):
        # A country chosen signed out joins the account unless it already has one; the
        # account's country then rides in the cookie, as every page reads it.
        response = super().post_login(request, user, **kwargs)
        if is_reader(user):
            cookie = chosen_country(request) or ""
            held = profile_country_set(user=user, country=cookie, only_if_unset=True)
            if held and held != cookie:
                set_country_cookie(response, held)
        return response
