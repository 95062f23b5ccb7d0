"""Published explainers, one explainer with its blocks, and its approved comments."""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404

from ninja import Query, Router

from articles.models import Article
from core.pagecache import LISTING, tag
from discussion.models import Comment
from reader import page_tags

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


def _published(slug):
    return get_object_or_404(Article.objects.published().only("pk"), slug=slug)


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
    articles = Article.objects.published().prefetch_related("authors")
    if tag:
        articles = articles.filter(tags__slug=tag)
    if production:
        articles = articles.filter(productions__slug=production)
    if person:
        articles = articles.filter(people__slug=person)
    if kind:
        articles = articles.filter(kind=kind)
    items, next_link = paginate(request, articles, ARTICLE_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [LISTING], settings.PAGE_CACHE_COUNTS_TIMEOUT)
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
    """Its blocks in order as structured JSON, its verdict and sources, tags, people."""
    article = get_object_or_404(
        Article.objects.published().for_detail().prefetch_related("blocks__quote__productions"),
        slug=slug,
    )
    cache_answer(request, page_tags.article_page(article), settings.PAGE_CACHE_COUNTS_TIMEOUT)
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
    article = _published(slug)
    comments = Comment.objects.approved().filter(article=article).for_thread()
    items, next_link = paginate(request, comments, COMMENT_ORDER, cursor=cursor, limit=limit)
    cache_answer(request, [tag("article", article.pk)], settings.PAGE_CACHE_COUNTS_TIMEOUT)
    return {"items": [serialize.comment_out(item) for item in items], "next": next_link}
