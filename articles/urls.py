from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    # Staff previews: a signed, expiring token, never a slug.
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    # Last: an article's URL is /<slug>/ at the root.
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
