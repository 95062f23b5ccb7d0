"""Readers rate an explainer 1–5 stars; moderators remove fraudulent ratings."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from core.pagecache import invalidate, key

from ..models import ModerationFlag, ModerationLog, Rating
from ._common import (
    Banned,
    DiscussionError,
    _flag_burst,
    _log,
    _require_moderator,
    _require_public,
    _retry_on_duplicate,
    is_banned,
)


@_retry_on_duplicate
def _rate_once(*, article, voter_key, user, value, ip, now):
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    rating = Rating.objects.select_for_update().filter(article=article, voter_key=voter_key)
    rating = rating.first()
    if rating:
        delta_sum, delta_count = value - rating.value, 0
        if delta_sum:
            rating.value = value
            rating.save(update_fields=["value", "updated_at"])
    else:
        Rating.objects.create(
            article=article, voter_key=voter_key, user=user, value=value, ip=ip, created_at=now
        )
        delta_sum, delta_count = value, 1
    if delta_sum or delta_count:
        Article.objects.filter(pk=article.pk).update(
            rating_sum=F("rating_sum") + delta_sum, rating_count=F("rating_count") + delta_count
        )


def parse_stars(value):
    try:
        stars = int(str(value).strip())
    except (TypeError, ValueError):
        stars = None
    if stars is None or not 1 <= stars <= 5:
        raise DiscussionError("Choose a rating from 1 to 5 stars.", code="value")
    return stars


def rating_set(*, article, voter_key, value, user=None, ip=None):
    """A reader rates the explainer 1–5 stars (or changes their rating); the average moves."""
    stars = parse_stars(value)
    _require_public(article)
    if not voter_key:
        raise DiscussionError("Your browser did not send a voter cookie.", code="voter")
    if user is not None and not user.is_authenticated:
        user = None
    if is_banned(email=user.email if user else "", ip=ip):
        raise Banned()
    now = timezone.now()
    with transaction.atomic():
        _rate_once(article=article, voter_key=voter_key, user=user, value=stars, ip=ip, now=now)
        _flag_burst(kind=ModerationFlag.Kind.RATINGS, model=Rating, ip=ip, now=now)
        # The average shows on the article's page and in its structured data.
        invalidate(key(article))
    article.refresh_from_db(fields=["rating_sum", "rating_count"])
    return stars


def rating_remove(*, rating, moderator, note=""):
    """A moderator removes a fraudulent rating; the article's average follows."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = Rating.objects.select_for_update().filter(pk=rating.pk).first()
        if locked is None:
            return False
        Article.objects.filter(pk=locked.article_id).update(
            rating_sum=F("rating_sum") - locked.value, rating_count=F("rating_count") - 1
        )
        _log(
            moderator=moderator,
            action=ModerationLog.Action.RATING_REMOVE,
            target=f"{locked.value}★ on “{locked.article}” by {locked.voter_key} "
            f"({locked.ip or 'no IP'})",
            note=note,
        )
        invalidate(key(Article, locked.article_id))
        locked.delete()
    return True
