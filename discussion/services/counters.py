"""Stored counters recomputed from the rows, for comments that arrived without the services."""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article, ArticleBlock
from core.pagecache import invalidate, key

from ..models import Comment


def _approved_count(**match):
    rows = (
        Comment.objects.filter(status=Comment.Status.APPROVED, **match)
        .order_by()
        .values(next(iter(match)))
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0), output_field=IntegerField())


def comments_recount(*, article_ids):
    """Readers see the right comment and feedback counts on these articles after an import
    wrote their comments directly: the counts are set from the approved rows themselves."""
    article_ids = list(article_ids)
    with transaction.atomic():
        Article.objects.filter(pk__in=article_ids).update(
            comment_count=_approved_count(article=OuterRef("pk"))
        )
        ArticleBlock.objects.filter(article__in=article_ids).update(
            feedback_count=_approved_count(anchor_block=OuterRef("pk"))
        )
        invalidate(*(key(Article, pk) for pk in article_ids))
