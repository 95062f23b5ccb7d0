"""Published explainers, one explainer with its blocks, and its approved comments."""

import datetime

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from ninja import Query, Router

from articles.models import Article, SlugRedirect
from articles.tags import merged_tag_ids
from articles.visibility import public_productions
from core.pagecache import LISTING, key
from discussion.models import Comment

from .. import serialize
from ..caching import cache_answer
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, paginate
from ..schemas import ArticleDetail, ArticlePage, CommentPage

router = Router(tags=["articles"])

#: Newest first, as every reader list: the id breaks ties between equal publish times.
ARTICLE_ORDER = (
    Key("publish_at", descending=True, kind=datetime.datetime),
    Key("id", descending=True),
)
#: Oldest first, as the article page's threads.
COMMENT_ORDER = (Key("created_at", kind=datetime.datetime), Key("id"))


class Moved(Exception):
    """An old slug of a published article: the client is sent to its address now (301)."""

    def __init__(self, slug):
        self.slug = slug


def published_article(queryset, slug):
    """The published article at `slug`; Moved for an old slug of one, else a 404."""
    article = queryset.filter(slug=slug).first()
    if article is not None:
        return article
    redirect = (
        SlugRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published())
        .select_related("article")
        .only("article__slug")
        .first()
    )
    if redirect is None:
        raise Http404("No published article has this slug.")
    raise Moved(redirect.article.slug)


def moved_to(request, url_name, slug):
    """A permanent redirect to the same endpoint at the article's current slug, query kept."""
    location = reverse(url_name, kwargs={"slug": slug})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)


@router.get("/articles/", response=ArticlePage, summary="Published explainers, newest first")
def list_articles(
    request,
    tag: str | None = None,
    production: str | None = None,
    person: str | None = None,
    kind: Article.Kind | None = None,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Filter by a tag's, production's or person's slug, or by kind."""
    articles = Article.objects.published().with_bylines()
    if tag:
        # A merged tag's former slug still filters, by the tag it became.
        articles = articles.filter(Q(tags__slug=tag) | Q(tags__in=merged_tag_ids(tag)))
    if production:
        articles = articles.filter(productions__slug=production)
    if person:
        articles = articles.filter(people__slug=person)
    if kind:
        articles = articles.filter(kind=kind)
    items, next_link = paginate(request, articles, ARTICLE_ORDER, cursor=cursor, limit=limit)
    # Each item's counts (comments, rating) change with its own key.
    cache_answer(request, [LISTING, *(key(item) for item in items)])
    return {
        "items": [serialize.article_summary(request, item) for item in items],
        "next": next_link,
    }


@router.get(
    "/articles/{slug}/",
    response=ArticleDetail,
    summary="One explainer with its blocks",
    # A block lists only the fields its kind has (BlockFields): the others are left out.
    exclude_unset=True,
)
def get_article(request, slug: str):
    """Its blocks in order as structured JSON, its verdict and sources, tags, people.

    An old slug answers 301 to the article's address now, as its page does."""
    articles = Article.objects.published().for_detail()
    try:
        # A quote's productions, less those only unpublished explainers name.
        quoted_about = Prefetch("blocks__quote__productions", queryset=public_productions())
        article = published_article(articles.prefetch_related(quoted_about), slug)
    except Moved as moved:
        return moved_to(request, "api:v1:get_article", moved.slug)
    cache_answer(request, article.page_keys())
    return serialize.article_detail(request, article)


@router.get(
    "/articles/{slug}/comments/",
    response=CommentPage,
    summary="Approved comments of an explainer, oldest first",
)
def list_comments(
    request,
    slug: str,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Approved comments only; `parent_id` rebuilds the threads."""
    try:
        article = published_article(Article.objects.published().only("pk"), slug)
    except Moved as moved:
        return moved_to(request, "api:v1:list_comments", moved.slug)
    comments = Comment.objects.approved().filter(article=article).for_thread()
    items, next_link = paginate(request, comments, COMMENT_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [key(article)])
    return {"items": [serialize.comment_out(item) for item in items], "next": next_link}
