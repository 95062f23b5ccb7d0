"""Ask for mail about new comments, confirm it, unsubscribe with one click."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.http import client_ip
from core.origin import cross_site_allowed

from .. import http, services
from ..forms import SubscribeForm
from ..models import Subscription
from ._common import _back, _limited, _public_article, _refuse, _too_many, token_page, wants_json


def subscribe_page(request, article_id):
    """The subscription form with a token: subscribing without JavaScript."""
    article = _public_article(article_id)
    query = request.POST if request.method == "POST" else request.GET
    form = SubscribeForm(
        user=request.user,
        initial={"email": query.get("email", ""), "kind": query.get("kind") or "all"},
    )
    return render(
        request,
        "discussion/subscribe_page.html",
        {"article": article, "subscribe_form": form, "noindex": True},
    )


@token_page(subscribe_page)
@require_POST
def subscribe(request, article_id):
    """Ask for mail about new comments or replies; guests confirm by a link first."""
    article = _public_article(article_id)
    if _limited(request, "subscribe"):
        return _too_many(request, article)
    form = SubscribeForm(request.POST, user=request.user)
    if not form.is_valid():
        error = services.DiscussionError(" ".join(e for errs in form.errors.values() for e in errs))
        return _refuse(request, article, error, anchor="subscribe")
    try:
        subscription = services.subscription_request(
            article=article,
            email=form.cleaned_data["email"],
            kind=form.cleaned_data["kind"],
            user=request.user,
            ip=client_ip(request),
        )
    except services.DiscussionError as error:
        return _refuse(request, article, error, anchor="subscribe")
    if subscription.is_active:
        message = "You are subscribed. Every mail has a one-click unsubscribe link."
    else:
        message = "Almost done: we sent you a mail with a link to confirm your address."
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    messages.success(request, message)
    return _back(article, "subscribe")


def _token_page(request, *, title, message, article=None, status=200):
    return render(
        request,
        "discussion/refused.html" if status >= 400 else "discussion/notice.html",
        {"title": title, "message": message, "article": article, "noindex": True},
        status=status,
    )


def _button_page(request, *, action, subscription, title, message, button):
    """What a link in a mail opens: the subscription and one button; only the button acts, so
    a mail scanner that follows every link confirms and unsubscribes nothing."""
    return render(
        request,
        "discussion/token_action.html",
        {
            "title": title,
            "message": message,
            "button": button,
            "action": action,
            "article": subscription.article,
            "noindex": True,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token):
    """The link in the confirmation mail shows a button; pressing it starts the notifications."""
    if request.method == "GET":
        try:
            subscription = services.subscription_for_token(token=token, action="confirm")
        except services.DiscussionError as error:
            return _token_page(request, title="Link not valid", message=error.message, status=400)
        # Opening a good link proves this browser reads that mailbox (a scanner's GET proves it
        # for a session nobody uses): its next comments may be trusted. Only the button acts.
        http.remember_proven_email(request, subscription.email)
        return _button_page(
            request,
            action=request.path,
            subscription=subscription,
            title="Confirm your subscription",
            message=f"Send {subscription.email} an email about {_what(subscription)} "
            "under this article?",
            button="Yes, send me these emails",
        )
    try:
        subscription, already = services.subscription_confirm(token=token)
    except services.DiscussionError as error:
        return _token_page(request, title="Link not valid", message=error.message, status=400)
    http.remember_proven_email(request, subscription.email)
    return _token_page(
        request,
        title="Subscription confirmed",
        message=(
            "Your address was already confirmed."
            if already
            else f"You will get an email about {_what(subscription)} under this article."
        ),
        article=subscription.article,
    )


def _what(subscription):
    if subscription.kind == Subscription.Kind.REPLIES:
        return "new replies to your comments"
    return "new follow-up comments"


@cross_site_allowed  # and from any site: unsubscribing needs the link, nothing else
@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in a notification shows a button that stops the mail, no login needed; mail
    clients POST to it directly (RFC 8058 one-click, `List-Unsubscribe-Post`)."""
    if request.method == "GET":
        try:
            subscription = services.subscription_for_token(token=token, action="unsubscribe")
        except services.DiscussionError as error:
            return _token_page(request, title="Link not valid", message=error.message, status=400)
        return _button_page(
            request,
            action=request.path,
            subscription=subscription,
            title="Unsubscribe",
            message=f"Stop emails to {subscription.email} about {_what(subscription)} "
            "under this article?",
            button="Unsubscribe",
        )
    try:
        subscription, already = services.subscription_unsubscribe(token=token)
    except services.DiscussionError as error:
        return _token_page(request, title="Link not valid", message=error.message, status=400)
    return _token_page(
        request,
        title="Already unsubscribed" if already else "Unsubscribed",
        message=(
            f"{subscription.email} was already unsubscribed: you get no more mail about this."
            if already
            else f"{subscription.email} will get no more mail about {_what(subscription)} "
            "under this article."
        ),
        article=subscription.article,
    )
