"""Reviews on the public pages: a review's `Review` JSON-LD and what its page names, and a
production's critic reviews (the published review explainers of it, its seasons or episodes).

A review always covers the production it reviews (`articles.models.review`), so the critic
reviews of a production are found through the covered productions, as its explainers are.
"""

from django.conf import settings

from articles.models import Article
from core.http import absolute_url
from core.pagecache import key

from .site_jsonld import author_reference, publisher
from .structured_data import production_reference

#: How many critic reviews a production's page lists, newest first.
CRITIC_REVIEWS_SHOWN = 6


def reviewed_item(article):
    """What the review is of, as schema.org names it: the production by its type, a TVSeason
    in its series, or a TVEpisode in its season and series."""
    series = article.reviewed_series
    series_data = production_reference(series)
    if article.reviewed_episode_id:
        episode = article.reviewed_episode
        return {
            "@type": "TVEpisode",
            "name": episode.title if episode.has_own_title else f"{series.title} {episode.code}",
            "episodeNumber": episode.number,
            "url": absolute_url(episode.get_absolute_url()),
            "partOfSeason": {
                "@type": "TVSeason",
                "name": episode.season.display_title,
                "seasonNumber": episode.season.number,
            },
            "partOfSeries": series_data,
        }
    if article.reviewed_season_id:
        season = article.reviewed_season
        return {
            "@type": "TVSeason",
            "name": f"{series.title}: {season.display_title}",
            "seasonNumber": season.number,
            "url": absolute_url(f"{series.get_absolute_url()}#season-{season.number}"),
            "partOfSeries": series_data,
        }
    return series_data


def review_jsonld(article):
    """A critic's `Review` of the work a scored review is of, with its rating; None otherwise.

    Its author is the byline (as the NewsArticle's), its name and body the one-line verdict.
    """
    if article.kind != Article.Kind.REVIEW or not article.is_scored_review:
        return None
    url = absolute_url(article.get_absolute_url())
    authors = [author_reference(contributor) for contributor in article.byline]
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "@id": f"{url}#review",
        "url": url,
        "name": article.review_verdict or article.title,
        "itemReviewed": reviewed_item(article),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": float(article.review_score),
            "bestRating": article.review_scale,
            "worstRating": 1,
        },
        "author": authors or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(),
        "datePublished": (article.published_date or article.created_at).isoformat(),
    }
    if article.review_verdict:
        data["reviewBody"] = article.review_verdict
    return data


def review_page_keys(article):
    """The season or episode a review links to, beside what `Article.page_keys()` names."""
    found = []
    if article.reviewed_season_id:
        found.append(key(article.reviewed_season))
    if article.reviewed_episode_id:
        found.append(key(article.reviewed_episode))
    return found


def critic_reviews(production, limit=CRITIC_REVIEWS_SHOWN):
    """The newest published, scored reviews of the production, its seasons or episodes, with
    what each card shows (byline, what it reviews): two queries, however big the archive."""
    return list(
        Article.objects.published()
        .filter(
            productions=production,
            kind=Article.Kind.REVIEW,
            review_score__isnull=False,
        )
        .select_related("reviewed_production", "reviewed_season", "reviewed_episode__season")
        .with_bylines()
        .order_by("-publish_at", "-id")[:limit]
    )


def with_audience_rating(data, score):
    """The production's JSON-LD with readers' star ratings of it as its `aggregateRating`,
    once enough readers rated it (`AUDIENCE_RATING_MINIMUM`). Never on an article."""
    if score.shown:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": score.average,
            "ratingCount": score.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data
