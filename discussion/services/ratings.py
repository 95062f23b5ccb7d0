"""Readers rate an explainer, or a production itself, 1–5 stars; moderators remove fraudulent
ratings."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from articles.visibility import public_productions
from core.pagecache import invalidate, key
from productions.models import Production

from ..models import ModerationFlag, ModerationLog, ProductionRating, Rating
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


def _allowed_rater(*, voter_key, user, ip):
    """The rater's account (None for a guest), once they may rate at all: a voter cookie
    and no ban, for an explainer or a production alike."""
    if not voter_key:
        raise DiscussionError("Your browser did not send a voter cookie.", code="voter")
    if user is not None and not user.is_authenticated:
        user = None
    if is_banned(email=user.email if user else "", ip=ip):
        raise Banned()
    return user


def rating_set(*, article, voter_key, value, user=None, ip=None):
    """A reader rates the explainer 1–5 stars (or changes their rating); the average moves."""
    stars = parse_stars(value)
    _require_public(article)
    user = _allowed_rater(voter_key=voter_key, user=user, ip=ip)
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


def _public_production(production):
    # Only a production with a public page can be rated (`articles.visibility`).
    if not public_productions().filter(pk=production.pk).exists():
        raise DiscussionError("This production has no public page.", code="not_public")


@_retry_on_duplicate
def _rate_production_once(*, production, voter_key, user, value, ip, now):
    rating = ProductionRating.objects.select_for_update().filter(
        production=production, voter_key=voter_key
    )
    rating = rating.first()
    if rating is None:
        ProductionRating.objects.create(
            production=production,
            voter_key=voter_key,
            user=user,
            value=value,
            ip=ip,
            created_at=now,
        )
    elif rating.value != value:
        rating.value = value
        rating.save(update_fields=["value", "updated_at"])


def production_rating_set(*, production, voter_key, value, user=None, ip=None):
    """A reader rates the production itself 1–5 stars (or changes their rating): its page's
    audience score and its structured data's aggregateRating follow. Same rules as an
    explainer's rating: one per voter, bans, burst flags."""
    stars = parse_stars(value)
    _public_production(production)
    user = _allowed_rater(voter_key=voter_key, user=user, ip=ip)
    now = timezone.now()
    with transaction.atomic():
        _rate_production_once(
            production=production, voter_key=voter_key, user=user, value=stars, ip=ip, now=now
        )
        _flag_burst(kind=ModerationFlag.Kind.RATINGS, model=ProductionRating, ip=ip, now=now)
        invalidate(key(production))
    return stars


def production_rating_remove(*, rating, moderator, note=""):
    """A moderator removes a fraudulent rating of a production; its audience score follows."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = ProductionRating.objects.select_for_update().filter(pk=rating.pk).first()
        if locked is None:
            return False
        _log(
            moderator=moderator,
            action=ModerationLog.Action.RATING_REMOVE,
            target=f"{locked.value}★ on “{locked.production}” by {locked.voter_key} "
            f"({locked.ip or 'no IP'})",
            note=note,
        )
        invalidate(key(Production, locked.production_id))
        locked.delete()
    return True
