"""RSS and Atom feeds of the latest public explainers: site-wide, per tag, per production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from taggit.models import Tag

from articles.models import Article
from core.pagecache import LISTING, key
from productions.models import Production

from .cache import CachedFeedMixin

FEED_SIZE = 20
#: What an item prints (title, link, standfirst, dates, kind): the rest of the row stays unread.
ITEM_COLUMNS = ("id", "slug", "title", "standfirst", "kind")
ITEM_COLUMNS += ("publish_at", "first_published_at", "updated_at")


def _bylines(article_ids):
    """Each article's byline, its authors' names (as `User.get_full_name`, else the
    username) in the order they were added, read in one query without loading users."""
    username = get_user_model().USERNAME_FIELD
    links = (
        Article.authors.through.objects.filter(article_id__in=article_ids)
        .order_by("pk")
        .values_list("article_id", "user__first_name", "user__last_name", f"user__{username}")
    )
    bylines = {}
    for article_id, first_name, last_name, name in links:
        bylines.setdefault(article_id, []).append(f"{first_name} {last_name}".strip() or name)
    return {article_id: ", ".join(names) for article_id, names in bylines.items()}


class LatestArticlesFeed(CachedFeedMixin, Feed):
    """The newest explainers, for feed readers."""

    description = "New explainers: true stories, endings and casts."

    def title(self):
        return f"{settings.SITE_NAME}: latest explainers"

    def link(self):
        return reverse("articles:home")

    def get_articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        articles = list(
            self.get_articles(obj).only(*ITEM_COLUMNS).order_by("-publish_at", "-id")[:FEED_SIZE]
        )
        bylines = _bylines([article.pk for article in articles])
        for article in articles:
            article.byline = bylines.get(article.pk, "")
        return articles

    def item_title(self, item):
        # Titles are text elements (Atom's default type, RSS's plain title): the XML writer
        # escapes them once and feed readers show the characters as typed.
        return item.title

    def item_description(self, item):
        """The standfirst, shown by feed readers as the typed text, never as markup.

        RSS `description` and Atom `summary type="html"` are HTML: the plain-text standfirst
        is escaped as HTML here, then once more as XML by the feed writer.
        """
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.updated_at or item.first_published_at or item.publish_at

    def item_author_name(self, item):
        return item.byline or settings.SITE_NAME

    def item_categories(self, item):
        return [item.get_kind_display()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    """The newest explainers with one tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return f"New explainers tagged “{obj.name}”."

    def get_articles(self, obj):
        return Article.objects.published().tagged(obj)

    def page_keys(self, obj):
        return [key(obj), LISTING]


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class ProductionFeed(LatestArticlesFeed):
    """The newest explainers about one production."""

    def get_object(self, request, slug):
        return get_object_or_404(Production, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"New explainers about {obj}."

    def get_articles(self, obj):
        return Article.objects.published().filter(productions=obj)

    def page_keys(self, obj):
        return [key(obj), LISTING]


class ProductionAtomFeed(ProductionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
