"""Every public page, at the same addresses and URL names as ever.

Each app's pages keep their namespace ("articles:detail", "people:quote",
"productions:detail"); the sitemap, robots.txt and the production feeds keep
their plain names. config/urls.py includes this after the discussion's URLs,
so the article catch-all /<slug>/ comes last of all.
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter

from articles.models.notes import CORRECTIONS
from articles.tags import TAG_SLUG_PATTERN
from core.pagecache import CATALOGUE, LISTING

from . import feeds, views
from .cache import cached_page
from .news_sitemap import news_sitemap
from .sitemaps import SITEMAPS, sitemap_index


class TagSlugConverter:
    """Tag addresses accept Unicode slugs (/tags/café/, /tags/東京/), not only ASCII ones."""

    regex = TAG_SLUG_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TagSlugConverter, "tagslug")

production_patterns = [
    path("productions/<slug:slug>/", views.ProductionDetailView.as_view(), name="detail"),
    path(
        "productions/<slug:slug>/s<int:season>e<int:number>/",
        views.EpisodeDetailView.as_view(),
        name="episode",
    ),
    path("productions/<slug:slug>/watched/", views.watched_set, name="watched"),
]

people_patterns = [
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote"),
]

author_patterns = [
    path("authors/", views.AuthorIndexView.as_view(), name="index"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="feed_atom"),
]

article_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("tags/<tagslug:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<tagslug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<tagslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections_feed"),
    path("corrections/feed/atom/", feeds.CorrectionsAtomFeed(), name="corrections_feed_atom"),
    # Staff previews: a signed, expiring token, never a slug.
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("preview/page/<str:token>/", views.StandingPagePreviewView.as_view(), name="page_preview"),
    # Last: an article's URL is /<slug>/ at the root; a slug no article has may be a
    # standing page's (/about/: ArticleDetailView hands it over).
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]

urlpatterns = [
    # Probes for the load balancer, without a trailing slash as probes are usually written.
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path(
        "sitemap.xml", cached_page(LISTING, CATALOGUE, CORRECTIONS)(sitemap_index), name="sitemap"
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(LISTING, CATALOGUE, CORRECTIONS)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("ads.txt", views.ads_txt, name="ads_txt"),
    path("productions/<slug:slug>/feed/", feeds.ProductionFeed(), name="production_feed"),
    path(
        "productions/<slug:slug>/feed/atom/",
        feeds.ProductionAtomFeed(),
        name="production_feed_atom",
    ),
    # The release calendar (reader/schedule.py): the page, and calendars for calendar apps.
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("country/", views.country_set, name="country_set"),
    path("schedule.ics", views.schedule_ics, name="schedule_ics"),
    path(
        "productions/<slug:slug>/schedule.ics",
        views.production_schedule_ics,
        name="production_schedule_ics",
    ),
    path("", include((production_patterns, "productions"))),
    path("", include((people_patterns, "people"))),
    path("", include((author_patterns, "authors"))),
    # Last: the article patterns end with the catch-all /<slug>/.
    path("", include((article_patterns, "articles"))),
]
