"""Vote on a comment, rate the explainer."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from articles.models import Article
from core.http import client_ip

from .. import http, services
from ..forms import STARS
from ..models import Comment
from ._common import _back, _limited, _public_article, _refuse, _too_many, token_page, wants_json


def _chosen(request, name):
    query = request.POST if request.method == "POST" else request.GET
    return query.get(name, "")


def vote_page(request, pk):
    """One comment with its up and down buttons and a token: a vote without JavaScript."""
    comment = get_object_or_404(
        Comment.objects.approved()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    return render(
        request,
        "discussion/vote_page.html",
        {
            "comment": comment,
            "article": comment.article,
            "chosen": _chosen(request, "value"),
            "noindex": True,
        },
    )


def rating_page(request, article_id):
    """The five stars with a token: a rating without JavaScript."""
    article = _public_article(article_id)
    return render(
        request,
        "discussion/rating_page.html",
        {"article": article, "stars": STARS, "chosen": _chosen(request, "stars"), "noindex": True},
    )


@token_page(vote_page)
@require_POST
def vote(request, pk):
    """Vote a comment up or down; the same vote again withdraws it."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    article = comment.article
    if not article.is_public:
        raise Http404("This article is not published.")
    if _limited(request, "vote"):
        return _too_many(request, article)
    new_guest_id = http.new_guest_voter_id(request)
    try:
        value, score = services.comment_vote(
            comment=comment,
            voter_key=http.voter_key(request, guest_id=new_guest_id),
            value=request.POST.get("value"),
            user=request.user,
            ip=client_ip(request),
            own_comment_ids=http.own_comment_ids(request),
        )
    except services.DiscussionError as error:
        return _refuse(request, article, error, anchor=comment.anchor)
    if wants_json(request):
        response = JsonResponse({"ok": True, "vote": value, "score": score})
    else:
        messages.success(request, "Your vote is counted." if value else "Your vote is withdrawn.")
        response = _back(article, comment.anchor)
    return http.set_voter_cookie(request, response, new_guest_id)


@token_page(rating_page)
@require_POST
def rate(request, article_id):
    """Rate the explainer 1–5 stars; rating again changes it."""
    article = _public_article(article_id)
    if _limited(request, "rating"):
        return _too_many(request, article)
    new_guest_id = http.new_guest_voter_id(request)
    try:
        stars = services.rating_set(
            article=article,
            voter_key=http.voter_key(request, guest_id=new_guest_id),
            value=request.POST.get("stars"),
            user=request.user,
            ip=client_ip(request),
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
    return http.set_voter_cookie(request, response, new_guest_id)
