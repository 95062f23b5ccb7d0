from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from articles.feeds import ProductionAtomFeed, ProductionFeed
from articles.sitemaps import ArticleSitemap, TagSitemap
from articles.views import robots_txt
from people.sitemaps import PersonSitemap, QuoteSitemap
from productions.sitemaps import ProductionSitemap

admin.site.site_header = "Marquee"
admin.site.site_title = "Marquee admin"
admin.site.index_title = "Newsroom"

SITEMAPS = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "productions": ProductionSitemap,
    "quotes": QuoteSitemap,
    "tags": TagSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("productions/<slug:slug>/feed/", ProductionFeed(), name="production_feed"),
    path("productions/<slug:slug>/feed/atom/", ProductionAtomFeed(), name="production_feed_atom"),
    path("", include("productions.urls")),
    path("", include("people.urls")),
    path("", include("discussion.urls")),
    # Last: an article's URL is /<slug>/ at the root.
    path("", include("articles.urls")),
]

# 404.html and 500.html (Django's default handlers) render the errors in the site's style.


def serve_media(request, path):
    """Uploaded files, from MEDIA_ROOT as it is now (tests point it at a temporary folder)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media))
