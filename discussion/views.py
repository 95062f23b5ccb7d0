"""Small POST endpoints under an article: each calls one service, then redirects back to the right
place with a message, or answers JSON / a partial when `static/js/discussion.js` asks."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_ratelimit.core import is_ratelimited

from articles.models import Article

from . import selectors, services
from .forms import CommentEditForm, CommentForm, SubscribeForm
from .models import Comment, Subscription

DEFAULT_RATES = {
    "comment": "5/m",
    "edit": "10/m",
    "vote": "30/m",
    "rating": "10/m",
    "subscribe": "10/h",
}


def _rate(name):
    return getattr(settings, "DISCUSSION_RATE_LIMITS", {}).get(name, DEFAULT_RATES[name])


def wants_json(request):
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def _public_article(article_id):
    return get_object_or_404(Article.objects.published(), pk=article_id)


def _back(article, anchor="discussion", **query):
    from django.utils.http import urlencode

    query = {key: value for key, value in query.items() if value}
    suffix = f"?{urlencode(query)}" if query else ""
    return redirect(f"{article.get_absolute_url()}{suffix}#{anchor}")


def _limited(request, action):
    """Per IP and per signed-in user, counted in the shared cache so every app server agrees."""
    rate = _rate(action)
    by_ip = is_ratelimited(
        request, group=f"discussion.{action}.ip", key="ip", rate=rate, increment=True
    )
    by_user = request.user.is_authenticated and is_ratelimited(
        request, group=f"discussion.{action}.user", key="user", rate=rate, increment=True
    )
    return by_ip or by_user


def _too_many(request, article):
    message = (
        "You are posting faster than we allow. Please wait a minute and try again; "
        "nothing you wrote was lost if you go back."
    )
    if wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=429)
    return render(
        request,
        "discussion/refused.html",
        {"title": "Slow down, please", "message": message, "article": article, "noindex": True},
        status=429,
    )


def _refuse(request, article, error, *, status=400, anchor="discussion"):
    if wants_json(request):
        return JsonResponse({"ok": False, "error": error.message}, status=status)
    if isinstance(error, services.Banned):
        return render(
            request,
            "discussion/refused.html",
            {
                "title": "You cannot take part here",
                "message": error.message,
                "article": article,
                "noindex": True,
            },
            status=403,
        )
    messages.error(request, error.message)
    return _back(article, anchor)


def _comment_context(request, article, comment):
    state = selectors.reader_state(request, article)
    comment.children, comment.reply_to = [], None
    selectors.apply_reader_state({comment.pk: comment}, state)
    return {"comment": comment, "article": article, "user": request.user}


@require_POST
def comment_post(request, article_id):
    """Post a comment, a reply or inline feedback; bots are dropped without a word."""
    article = _public_article(article_id)
    form = CommentForm(request.POST, article=article, user=request.user)
    if form.is_bot():
        # Answer exactly as for a real comment so a bot learns nothing; store nothing.
        if wants_json(request):
            return JsonResponse({"ok": True, "status": "pending", "message": ""})
        messages.success(request, "Thank you: your comment is awaiting moderation.")
        return _back(article)
    if _limited(request, "comment"):
        return _too_many(request, article)
    if not form.is_valid():
        if wants_json(request):
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return JsonResponse(
                {"ok": False, "error": "Please correct the errors below.", "errors": errors},
                status=400,
            )
        return render(
            request,
            "discussion/comment_form_page.html",
            {"form": form, "article": article, "noindex": True},
            status=400,
        )
    data = form.cleaned_data
    try:
        comment = services.comment_post(
            article=article,
            body=data["body"],
            user=request.user,
            guest_name=data.get("name", ""),
            guest_email=data.get("email", ""),
            parent=data.get("parent"),
            anchor_block=data.get("anchor"),
            is_spoiler=data.get("is_spoiler", False),
            ip=selectors.client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            notify=form.notify_kinds(),
            proven_emails=selectors.proven_emails(request),
        )
    except services.DiscussionError as error:
        if wants_json(request) or isinstance(error, services.Banned):
            return _refuse(request, article, error)
        form.add_error(None, error.message)
        return render(
            request,
            "discussion/comment_form_page.html",
            {"form": form, "article": article, "noindex": True},
            status=400,
        )
    selectors.remember_comment(request, comment)
    if comment.is_approved:
        message = "Thank you: your comment is published."
    else:
        message = (
            "Thank you: your comment is awaiting moderation. "
            "You can see it; other readers will once a moderator approves it."
        )
    if form.notify_kinds() and not request.user.is_authenticated:
        message += " Check your inbox to confirm the notifications you asked for."
    if wants_json(request):
        html = render_to_string(
            "discussion/comment.html", _comment_context(request, article, comment), request
        )
        return JsonResponse(
            {
                "ok": True,
                "status": comment.status,
                "id": comment.pk,
                "parent": comment.parent_id,
                "message": message,
                "html": html,
                "count": Article.objects.filter(pk=article.pk)
                .values_list("comment_count", flat=True)
                .first(),
            },
            status=201,
        )
    messages.success(request, message)
    return _back(article, comment.anchor if comment.is_approved else "discussion")


@require_GET
def comments(request, article_id):
    """The next page of threads, as a partial for "Load more" (or a plain page without JS)."""
    article = _public_article(article_id)
    page = selectors.thread_page(
        article=article,
        sort=request.GET.get("sort"),
        page=request.GET.get("page", 1),
        block_uid=selectors.parse_uid(request.GET.get("block")),
    )
    state = selectors.reader_state(request, article)
    selectors.apply_reader_state(page["nodes"], state)
    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        # Without JavaScript "Load more" is a link to the article page itself.
        return redirect(
            f"{article.get_absolute_url()}?sort={page['sort']}&page={page['page'].number}#comments"
        )
    return render(
        request,
        "discussion/thread_page.html",
        {"article": article, "user": request.user, **page},
    )


@never_cache
@require_GET
def me(request, article_id):
    """The reader's own part of a (possibly cached) article page: CSRF token, votes, rating,
    pending comments. The shared page never needs to contain any of it."""
    from django.middleware.csrf import get_token

    article = _public_article(article_id)
    state = selectors.reader_state(request, article)
    pending_html = render_to_string(
        "discussion/pending.html",
        {"pending": state["pending"], "article": article},
        request,
    )
    return JsonResponse(
        {
            "csrf": get_token(request),
            "authenticated": request.user.is_authenticated,
            "votes": {str(key): value for key, value in state["votes"].items()},
            "rating": state["rating"],
            "editable": sorted(state["editable"]),
            "own": sorted(state["own"]),
            "pending_html": pending_html if state["pending"] else "",
        }
    )


@require_POST
def vote(request, pk):
    """Vote a comment up or down; the same vote again withdraws it."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    article = comment.article
    if not article.is_public:
        raise Http404("This article is not published.")
    if _limited(request, "vote"):
        return _too_many(request, article)
    try:
        value, score = services.comment_vote(
            comment=comment,
            voter_key=selectors.voter_key(request, create=True),
            value=request.POST.get("value"),
            user=request.user,
            ip=selectors.client_ip(request),
            own_comment_ids=selectors.own_comment_ids(request),
        )
    except services.DiscussionError as error:
        return _refuse(request, article, error, anchor=comment.anchor)
    if wants_json(request):
        response = JsonResponse({"ok": True, "vote": value, "score": score})
    else:
        messages.success(request, "Your vote is counted." if value else "Your vote is withdrawn.")
        response = _back(article, comment.anchor)
    return selectors.set_voter_cookie(request, response)


@require_POST
def rate(request, article_id):
    """Rate the explainer 1–5 stars; rating again changes it."""
    article = _public_article(article_id)
    if _limited(request, "rating"):
        return _too_many(request, article)
    try:
        stars = services.rating_set(
            article=article,
            voter_key=selectors.voter_key(request, create=True),
            value=request.POST.get("stars"),
            user=request.user,
            ip=selectors.client_ip(request),
        )
    except services.DiscussionError as error:
        return _refuse(request, article, error, anchor="rating")
    if wants_json(request):
        response = JsonResponse(
            {
                "ok": True,
                "rating": stars,
                "average": article.rating_average,
                "count": article.rating_count,
                "summary": render_to_string(
                    "discussion/rating_summary.html", {"article": article}
                ).strip(),
            }
        )
    else:
        messages.success(request, f"Thank you: you rated this explainer {stars} out of 5.")
        response = _back(article, "rating")
    return selectors.set_voter_cookie(request, response)


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
            ip=selectors.client_ip(request),
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


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    """The author corrects their comment within 10 minutes of posting it."""
    comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
    article = comment.article
    own = selectors.own_comment_ids(request)
    author = (request.user.is_authenticated and comment.user_id == request.user.pk) or (
        comment.user_id is None and comment.pk in own
    )
    if not author:
        raise PermissionDenied("Only the author may edit this comment.")
    if not comment.is_editable_now():
        messages.error(request, "Comments can only be edited for 10 minutes after posting.")
        return _back(article, comment.anchor)
    if request.method == "POST":
        if _limited(request, "edit"):
            return _too_many(request, article)
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_edit(
                    comment=comment,
                    body=form.cleaned_data["body"],
                    is_spoiler=form.cleaned_data["is_spoiler"],
                    user=request.user,
                    own_comment_ids=own,
                    ip=selectors.client_ip(request),
                )
            except services.Banned as error:
                return _refuse(request, article, error)
            except services.DiscussionError as error:
                form.add_error(None, error.message)
            else:
                if comment.status == Comment.Status.PENDING:
                    messages.success(request, "Your edit is saved and waits for a moderator.")
                    return _back(article)
                messages.success(request, "Your edit is saved.")
                return _back(article, comment.anchor)
    else:
        form = CommentEditForm(initial={"body": comment.body, "is_spoiler": comment.is_spoiler})
    return render(
        request,
        "discussion/comment_edit.html",
        {"form": form, "comment": comment, "article": article, "noindex": True},
        status=400 if form.errors else 200,
    )


@require_POST
def comment_delete(request, pk):
    """The author takes back their comment."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    services.comment_delete_own(
        comment=comment,
        user=request.user,
        own_comment_ids=selectors.own_comment_ids(request),
    )
    messages.success(request, "Your comment is deleted.")
    return _back(comment.article)


def _token_page(request, *, title, message, article=None, status=200):
    return render(
        request,
        "discussion/refused.html" if status >= 400 else "discussion/notice.html",
        {"title": title, "message": message, "article": article, "noindex": True},
        status=status,
    )


@never_cache
@require_GET
def subscription_confirm(request, token):
    """The link in the confirmation mail: notifications start."""
    try:
        subscription, already = services.subscription_confirm(token=token)
    except services.DiscussionError as error:
        return _token_page(request, title="Link not valid", message=error.message, status=400)
    # Opening the link proves this browser reads that mailbox: its next comments may be trusted.
    selectors.remember_proven_email(request, subscription.email)
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


@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click in a notification stops the mail, no login needed (POST for RFC 8058)."""
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
