"""The Google News sitemap, `/news-sitemap.xml`: the explainers first published in the last
48 hours, newest first, each with the publication's name and language, its first
publication date and its title (https://developers.google.com/search/docs/crawling-indexing/
sitemaps/news-sitemap).

Google reads only articles "created in the last two days" from a news sitemap and at most
1,000 of them, so the window and the cap are the protocol's, not a choice. An explainer
leaves as soon as it is unpublished (it is no longer `published()`); one republished later
keeps its first date, so it comes back only while that date is within the window.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.models import Article
from core.http import absolute_url
from core.pagecache import LISTING, mark_cacheable, seconds_until_next

from .cache import listing_timeout

#: How long an explainer stays in the news sitemap after it first went public.
NEWS_WINDOW = timedelta(hours=48)
#: The most URLs Google reads from one news sitemap.
NEWS_LIMIT = 1000


def news_language(language_code=None):
    """The publication's language as Google News wants it: an ISO 639 code ("en" for
    "en-gb"), except Chinese, which keeps its script ("zh-cn", "zh-tw")."""
    code = (language_code or settings.LANGUAGE_CODE).lower()
    if code in ("zh-cn", "zh-hans"):
        return "zh-cn"
    if code in ("zh-tw", "zh-hant"):
        return "zh-tw"
    return code.split("-")[0]


def news_articles(now=None):
    """The explainers Google News may list now: public, first published within the window,
    newest first, at most `NEWS_LIMIT`."""
    now = now or timezone.now()
    return (
        Article.objects.published(now=now)
        .filter(first_published_at__gt=now - NEWS_WINDOW, first_published_at__lte=now)
        .only("slug", "title", "first_published_at")
        .order_by("-first_published_at", "-id")[:NEWS_LIMIT]
    )


def news_entry(article):
    """One `<url>` of the news sitemap, as the template writes it."""
    published = article.first_published_at.astimezone(UTC)
    return {
        "location": absolute_url(article.get_absolute_url()),
        "publication_date": published.isoformat(timespec="seconds"),
        "title": article.title,
    }


@require_GET
def news_sitemap(request):
    """/news-sitemap.xml: what Google News and Top Stories pick up from the last two days."""
    now = timezone.now()
    articles = list(news_articles(now))
    response = TemplateResponse(
        request,
        "sitemaps/news.xml",
        {
            "entries": [news_entry(article) for article in articles],
            "publication_name": settings.SITE_NAME,
            "language": news_language(),
        },
        content_type="application/xml",
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    # Kept until a publish or unpublish purges the lists, and never past the moment the
    # oldest entry leaves the window (nothing purges then: the clock alone removes it).
    leaves = [articles[-1].first_published_at + NEWS_WINDOW] if articles else []
    timeout = seconds_until_next(leaves, now=now, longest=settings.PAGE_CACHE_TIMEOUT or None)
    return mark_cacheable(response, keys=[LISTING], timeout=listing_timeout(timeout))
