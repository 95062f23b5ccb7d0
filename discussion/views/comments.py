"""Post, page through, edit and delete comments, and the reader's own part of the page."""

import time

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from core.http import client_ip
from productions.positions import Positions

from .. import http, selectors, services
from ..forms import CommentEditForm, CommentForm, fill_stamp, min_fill_seconds
from ..models import Comment
from ._common import (
    _back,
    _comment_context,
    _limited,
    _public_article,
    _refuse,
    _too_many,
    token_page,
    wants_json,
)

#: The fields a comment form carries over from the article page to its page with a token.
_CARRIED = ("body", "name", "email", "is_spoiler", "notify_all", "notify_replies")


def comment_write(request, article_id):
    """The page to write a comment, a reply (`?reply_to=`) or feedback on a passage
    (`?anchor=`), with a token: where the token-free article page sends a reader without
    JavaScript. What they typed there comes along."""
    article = _public_article(article_id)
    query = request.POST if request.method == "POST" else request.GET
    reply_to = None
    parent_id = selectors.parse_id(query.get("parent") or query.get("reply_to"))
    if parent_id is not None:
        reply_to = Comment.objects.approved().filter(article=article, pk=parent_id).first()
    uid = selectors.parse_uid(query.get("anchor"))
    passage = article.blocks.filter(uid=uid).first() if uid else None
    initial = {
        "parent": reply_to.pk if reply_to else None,
        "anchor": passage.uid if passage else None,
    }
    if request.method == "POST":
        initial.update({name: query.get(name) for name in _CARRIED if query.get(name)})
        # The reader typed all this on the article page already: one click on this page sends
        # it, so it must not count as "posted faster than a person types".
        initial["stamp"] = fill_stamp(at=time.time() - min_fill_seconds())
    form = CommentForm(article=article, user=request.user, initial=initial)
    return render(
        request,
        "discussion/comment_form_page.html",
        {
            "form": form,
            "article": article,
            "reply_to": reply_to,
            "passage": passage,
            "passages": (
                _passages(article) if request.method == "GET" and not (passage or reply_to) else ()
            ),
            "confirm": request.method == "POST",
            "noindex": True,
        },
    )


def _passages(article):
    """The passages readers may comment on, in reading order: how a reader without JavaScript
    picks one (the article page leaves the per-passage controls to discussion.js)."""
    blocks = article.blocks.order_by("position")
    return [block for block in blocks if block.spec and block.spec.takes_feedback]


def _bot_answer(request, article):
    """Answer exactly as for a real comment so a bot learns nothing; nothing is stored."""
    if wants_json(request):
        return JsonResponse({"ok": True, "status": "pending", "message": ""})
    messages.success(request, "Thank you: your comment is awaiting moderation.")
    return _back(article)


def _already_posted(request, article, error):
    """A second click on "Post" (or a resent form) says the comment is there already."""
    if wants_json(request):
        return JsonResponse({"ok": False, "error": error.message}, status=409)
    return render(
        request,
        "discussion/notice.html",
        {"title": "Already posted", "message": error.message, "article": article, "noindex": True},
        status=409,
    )


def _own_comment_or_404(request, pk, *related):
    """The reader's own comment; someone else's answers the same 404 as one that never existed."""
    comment = Comment.objects.select_related(*related).filter(pk=pk).first()
    if comment is None or not comment.is_authored_by(
        request.user if request.user.is_authenticated else None, http.own_comment_ids(request)
    ):
        raise Http404("No such comment of yours.")
    return comment


@token_page(comment_write)
@require_POST
def comment_post(request, article_id):
    """Post a comment, a reply or inline feedback; bots are dropped without a word."""
    article = _public_article(article_id)
    form = CommentForm(request.POST, article=article, user=request.user)
    if form.is_bot():
        return _bot_answer(request, article)
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
            spoils_up_to=data.get("spoils_up_to"),
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            notify=form.notify_kinds(),
            proven_emails=http.proven_emails(request),
            stamp_nonce=form.stamp_nonce(),
        )
    except services.Replayed:
        return _bot_answer(request, article)
    except services.Duplicate as error:
        return _already_posted(request, article, error)
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
    http.remember_comment(request, comment)
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
    state = selectors.reader_state(article=article, **http.reader_identity(request))
    selectors.apply_reader_state(page["nodes"], state)
    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        # Without JavaScript "Load more" is a link to the article page itself.
        return redirect(
            f"{article.get_absolute_url()}?sort={page['sort']}&page={page['page'].number}#comments"
        )
    return render(
        request,
        "discussion/thread_page.html",
        {
            "article": article,
            "user": request.user,
            "watched": Positions.from_request(request),
            **page,
        },
    )


@never_cache
@require_GET
def me(request, article_id):
    """The reader's own part of the shared article page: CSRF token, form stamp, who is
    signed in, votes, rating, pending comments, what they may edit or delete. The shared page
    contains none of it; `static/js/discussion.js` applies it."""
    from django.middleware.csrf import get_token

    article = _public_article(article_id)
    state = selectors.reader_state(article=article, **http.reader_identity(request))
    pending_html = render_to_string(
        "discussion/pending.html",
        {"pending": state["pending"], "article": article},
        request,
    )
    return JsonResponse(
        {
            "csrf": get_token(request),
            "stamp": fill_stamp(),
            "authenticated": request.user.is_authenticated,
            "name": (
                request.user.get_full_name() or request.user.get_username()
                if request.user.is_authenticated
                else ""
            ),
            "votes": {str(key): value for key, value in state["votes"].items()},
            "rating": state["rating"],
            "editable": sorted(state["editable"]),
            "own": sorted(state["own"]),
            "pending_html": pending_html if state["pending"] else "",
        }
    )


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    """The author corrects their comment within 10 minutes of posting it."""
    comment = _own_comment_or_404(request, pk, "article", "user")
    article = comment.article
    own = http.own_comment_ids(request)
    try:
        services.comment_check_editable(comment=comment, user=request.user, own_comment_ids=own)
    except services.DiscussionError as error:
        messages.error(request, error.message)
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
                    ip=client_ip(request),
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
    comment = _own_comment_or_404(request, pk, "article")
    services.comment_delete_own(
        comment=comment,
        user=request.user,
        own_comment_ids=http.own_comment_ids(request),
    )
    messages.success(request, "Your comment is deleted.")
    return _back(comment.article)
