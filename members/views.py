"""A reader's account pages (/accounts/profile/…) and following (/follow/…).

Sign-in, sign-out and the code pages are django-allauth's views with the site's templates
(templates/account/). Every page here works without JavaScript and is never cached.
"""

import functools
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.visibility import public_people, public_productions, public_tags
from core.http import client_ip
from core.origin import cross_site_allowed
from discussion.models import Comment, Subscription
from discussion.services import Banned
from discussion.views._common import token_page

from . import services
from .forms import FollowForm, ProfileForm
from .limits import is_limited
from .models import Follow

#: The comments a profile lists, newest first; the data download has them all.
PROFILE_COMMENTS = 50

#: What can be followed, by kind: only what readers may see named (`articles.visibility`).
TARGETS = {"production": public_productions, "person": public_people, "tag": public_tags}


def _reader_or_redirect(request):
    """The signed-in reader, or a response: sign in first, or (staff) the admin is yours."""
    if not request.user.is_authenticated:
        return None, redirect(f"/accounts/login/?next={request.path}")
    if not services.is_reader(request.user):
        return None, render(request, "account/staff_elsewhere.html", status=403)
    return request.user, None


@never_cache
@require_http_methods(["GET", "POST"])
def profile(request):
    """The reader's profile: name, mail preferences, comments, follows, subscriptions."""
    user, response = _reader_or_redirect(request)
    if response:
        return response
    reader_profile = services.profile_for(user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(user=user, **form.cleaned_data)
            except services.AccountError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("members:profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": reader_profile.display_name,
                "reply_mail": reader_profile.reply_mail,
                "follow_mail": reader_profile.follow_mail,
            }
        )
    comments = list(
        Comment.objects.filter(user=user)
        .select_related("article")
        .order_by("-created_at", "-id")[:PROFILE_COMMENTS]
    )
    return render(
        request,
        "members/profile.html",
        {
            "form": form,
            "comments": comments,
            "claimable": services.comments_claimable(user=user).count(),
            "follows": list(
                Follow.objects.filter(user=user)
                .select_related("production", "person", "tag")
                .order_by("-created_at")
            ),
            "subscriptions": list(
                Subscription.objects.filter(user=user, unsubscribed_at=None)
                .select_related("article")
                .order_by("-created_at")
            ),
            "noindex": True,
        },
    )


@require_POST
def claim(request):
    """ "These guest comments are mine": only for an address proven by a sign-in code."""
    user, response = _reader_or_redirect(request)
    if response:
        return response
    try:
        count = services.comments_claim(user=user)
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        plural = "s" if count != 1 else ""
        messages.success(request, f"{count} comment{plural} added to your account.")
    return redirect("members:profile")


@never_cache
def export(request):
    """Everything we keep about the reader, downloaded as one JSON file."""
    user, response = _reader_or_redirect(request)
    if response:
        return response
    data = services.account_export(user=user)
    body = json.dumps(data, indent=2, ensure_ascii=False)
    download = HttpResponse(body, content_type="application/json; charset=utf-8")
    download["Content-Disposition"] = 'attachment; filename="marquee-account.json"'
    return download


@never_cache
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account: a page that says what happens, and one button."""
    user, response = _reader_or_redirect(request)
    if response:
        return response
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Tick the box to confirm you want your account deleted.")
            return redirect("members:delete")
        from django.contrib.auth import logout

        services.account_delete(user=user)
        logout(request)
        messages.success(request, "Your account is deleted. Your comments show “[deleted reader]”.")
        return redirect("/")
    return render(request, "members/delete.html", {"noindex": True})


def _remove_from_profile(request, remove, done):
    """Run one removal service for the signed-in reader and come back to the profile."""
    user, response = _reader_or_redirect(request)
    if response:
        return response
    try:
        remove(user=user)
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("members:profile")


@require_POST
def follow_remove(request, pk):
    """One click on the profile removes a follow."""
    remove = functools.partial(services.follow_remove, follow_id=pk)
    return _remove_from_profile(request, remove, "You no longer follow that.")


@require_POST
def subscription_remove(request, pk):
    """One click on the profile stops mail about one discussion."""
    remove = functools.partial(services.subscription_remove, subscription_id=pk)
    return _remove_from_profile(request, remove, "You get no more mail about that discussion.")


def _target(kind, slug):
    """The production, person or tag at `slug`; 404 for one only unpublished explainers
    name, the same 404 as for none at all."""
    public = TARGETS.get(kind)
    target = public().filter(slug=slug).first() if public else None
    if target is None:
        raise Http404("Nothing to follow here.")
    return target


def _target_name(target):
    return getattr(target, "title", None) or getattr(target, "name", "")


def follow_page(request, kind, slug):
    """The follow form with a token, uncached: following without JavaScript."""
    target = _target(kind, slug)
    query = request.POST if request.method == "POST" else request.GET
    return render(
        request,
        "members/follow_page.html",
        {
            "target": target,
            "target_name": _target_name(target),
            "kind": kind,
            "form": FollowForm(initial={"email": query.get("email", "")}),
            "reader": request.user if services.is_reader(request.user) else None,
            "noindex": True,
        },
    )


@token_page(follow_page)
@require_POST
def follow(request, kind, slug):
    """Follow a production, person or tag: signed in, at once; by address, after a link."""
    target = _target(kind, slug)
    back = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    if is_limited(request, "follow", ip=client_ip(request)):
        return render(
            request,
            "members/notice.html",
            {"title": "Too many requests", "message": "Please wait a little and try again."},
            status=429,
        )
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "members/follow_page.html",
            {
                "target": target,
                "target_name": _target_name(target),
                "kind": kind,
                "form": form,
                "reader": request.user if services.is_reader(request.user) else None,
                "noindex": True,
            },
            status=400,
        )
    try:
        result = services.follow_request(
            target=target,
            email=form.cleaned_data["email"],
            user=request.user,
            ip=client_ip(request),
        )
    except (services.AccountError, Banned) as error:
        return render(
            request,
            "members/notice.html",
            {"title": "Not followed", "message": error.message, "back": back},
            status=400,
        )
    if result.is_active:
        message = f"You follow {_target_name(target)}: one mail when a new explainer covers it."
    else:
        message = "Almost done: we sent you a mail with a link to confirm your address."
    return render(
        request, "members/notice.html", {"title": "Following", "message": message, "back": back}
    )


def _notice(request, title, message, status=200, back=None):
    return render(
        request,
        "members/notice.html",
        {"title": title, "message": message, "back": back, "noindex": True},
        status=status,
    )


def _button(request, *, title, message, button):
    return render(
        request,
        "members/token_action.html",
        {"title": title, "message": message, "button": button, "action": request.path},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_confirm(request, token):
    """The link in the confirmation mail shows a button; pressing it starts the follow mail."""
    try:
        if request.method == "GET":
            target = services.follow_for_token(token=token, action="confirm")
            return _button(
                request,
                title="Confirm your follow",
                message=f"Mail {target.email} when a new explainer covers {target.target_name}?",
                button="Yes, mail me",
            )
        follow_row, already = services.follow_confirm(token=token)
    except services.AccountError as error:
        return _notice(request, "Link not valid", error.message, status=400)
    return _notice(
        request,
        "Follow confirmed",
        "Your address was already confirmed."
        if already
        else f"You will get one mail when a new explainer covers {follow_row.target_name}.",
    )


@cross_site_allowed  # and from any site: unsubscribing needs the link, nothing else
@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def follow_unsubscribe(request, token):
    """The link beside a follow in a mail shows a button that stops it; mail clients POST to
    it directly (RFC 8058 one-click)."""
    try:
        if request.method == "GET":
            target = services.follow_for_token(token=token, action="unsubscribe")
            return _button(
                request,
                title="Unsubscribe",
                message=f"Stop mail to {target.email} about new explainers on "
                f"{target.target_name}?",
                button="Unsubscribe",
            )
        follow_row, already = services.follow_unsubscribe(token=token)
    except services.AccountError as error:
        return _notice(request, "Link not valid", error.message, status=400)
    return _notice(
        request,
        "Already unsubscribed" if already else "Unsubscribed",
        f"{follow_row.email} will get no more mail about {follow_row.target_name}.",
    )


@cross_site_allowed  # and from any site: unsubscribing needs the link, nothing else
@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def follow_unsubscribe_all(request, token):
    """The link in a follow mail's List-Unsubscribe header: every follow the mail was about."""
    try:
        follows = services.follows_for_token(token=token)
        names = ", ".join(follow.target_name for follow in follows) or "nothing any more"
        if request.method == "GET":
            return _button(
                request,
                title="Unsubscribe",
                message=f"Stop mail about new explainers on {names}?",
                button="Unsubscribe",
            )
        services.follows_unsubscribe(token=token)
    except services.AccountError as error:
        return _notice(request, "Link not valid", error.message, status=400)
    return _notice(request, "Unsubscribed", f"No more mail about new explainers on {names}.")
