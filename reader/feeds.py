"""RSS and Atom feeds of the latest public explainers: site-wide, per tag, per production;
and of the corrections log.

Every feed is a `PlainTextFeed`: its methods return plain text (titles, names, the
standfirst), never markup, and its writer (`PlainTextRss`, `PlainTextAtom`) is the one place
that text becomes XML. The elements feed readers render as HTML, RSS `description` (the
channel's and each item's) and Atom `summary type="html"`, get the text escaped as HTML by
`as_html` first; every other element is a text element, escaped once by the XML writer.
A feed class that names another writer, or an HTML template, is refused when it is defined.

Every link a feed prints (the channel's, each item's, the feed's own `self` link) takes its
scheme and host from `SITE_URL`, as canonical links and sitemaps do, never from the request:
a reader who subscribed through a `www.` alias is still sent to the one address pages call
their own.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Byline, Contributor
from articles.models.notes import CORRECTIONS
from articles.visibility import public_contributors, public_productions, public_tags
from core.http import absolute_url
from core.pagecache import LISTING, key
from core.text import single_line

from .cache import CachedFeedMixin
from .sitemaps import site_address
from .views.lists import moved_tag
from .views.pages import public_corrections

FEED_SIZE = 20
#: What an item prints (title, link, standfirst, dates, kind): the rest of the row stays unread.
ITEM_COLUMNS = ("id", "slug", "title", "standfirst", "kind")
ITEM_COLUMNS += ("publish_at", "first_published_at", "updated_at")
#: Who paid for an item: its description says so and it carries a "Sponsored" category.
ITEM_COLUMNS += ("sponsor_name", "sponsor_label")
#: The category a sponsored item carries, so readers and aggregators can filter paid content.
SPONSORED_CATEGORY = "Sponsored"


def _bylines(article_ids):
    """Each article's byline, its contributors' names in byline order ("A, B and C"), read
    in one query without loading the contributors."""
    lines = (
        Byline.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "position", "id")
        .values_list("article_id", "contributor__name")
    )
    bylines = {}
    for article_id, name in lines:
        bylines.setdefault(article_id, []).append(name)
    return {article_id: _joined(names) for article_id, names in bylines.items()}


def _joined(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def as_html(text):
    """Plain text as the HTML a feed reader renders: the characters as typed, never markup."""
    return None if text is None else escape(text)


class PlainTextRss(Rss201rev2Feed):
    """RSS 2.0 written from plain text: `description`, the channel's and each item's, is
    HTML in RSS, so it is escaped as HTML here; the rest are text elements."""

    def __init__(self, title, link, description, **kwargs):
        super().__init__(title, link, as_html(description), **kwargs)

    def add_item(self, title, link, description, **kwargs):
        super().add_item(title, link, as_html(description), **kwargs)


class PlainTextAtom(Atom1Feed):
    """Atom written from plain text: an entry's `summary type="html"` is escaped as HTML
    here; titles and the subtitle are text elements (Atom's default type)."""

    def add_item(self, title, link, description, **kwargs):
        super().add_item(title, link, as_html(description), **kwargs)


#: The only writers a feed may use.
PLAIN_TEXT_WRITERS = (PlainTextRss, PlainTextAtom)


class SiteRequest:
    """The request as Django's feed writer sees it: `SITE_URL`'s host and scheme (its
    `get_current_site` and `add_domain` read only `get_host()` and `is_secure()`)."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self):
        return site_address()[1]

    def is_secure(self):
        return site_address()[0] == "https"


class SiteAddressFeedMixin:
    """Builds the feed for `SITE_URL`'s host, whichever host the request came by."""

    def get_feed(self, obj, request):
        return super().get_feed(obj, SiteRequest(request))


class PlainTextFeed(CachedFeedMixin, SiteAddressFeedMixin, Feed):
    """A feed whose every element is written from plain text by a `PLAIN_TEXT_WRITERS` writer.

    Its `title`, `description` (Atom's subtitle too), `item_title`, `item_description`,
    `item_author_name` and `item_categories` return text as readers should read it.
    """

    feed_type = PlainTextRss

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not issubclass(cls.feed_type, PLAIN_TEXT_WRITERS):
            raise TypeError(f"{cls.__name__}: a feed is written by PlainTextRss or PlainTextAtom.")
        if cls.title_template or cls.description_template:
            raise TypeError(f"{cls.__name__}: a feed's text is plain text, never a template.")

    def subtitle(self, obj):
        # Atom's subtitle says what RSS's channel description says.
        return self._get_dynamic_attr("description", obj)


class LatestArticlesFeed(PlainTextFeed):
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
            article.feed_byline = bylines.get(article.pk, "")
        return articles

    def item_title(self, item):
        # Titles are text elements (Atom's default type, RSS's plain title): the XML writer
        # escapes them once and feed readers show the characters as typed.
        return item.title

    def item_description(self, item):
        """The standfirst, as typed: the writer escapes it for RSS `description` and Atom
        `summary type="html"`, which feed readers render as HTML. A sponsored explainer says
        who paid first, as its page does."""
        if item.is_sponsored:
            return f"{item.sponsor_line}. {item.standfirst}"
        return item.standfirst

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.updated_at or item.first_published_at or item.publish_at

    def item_author_name(self, item):
        return item.feed_byline or settings.SITE_NAME

    def item_categories(self, item):
        if item.is_sponsored:
            return [item.get_kind_display(), SPONSORED_CATEGORY]
        return [item.get_kind_display()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = PlainTextAtom


class TagFeed(LatestArticlesFeed):
    """The newest explainers with one tag."""

    url_name = "articles:tag_feed"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            moved = moved_tag(request, self.url_name, kwargs["slug"])
            if moved is None:
                raise
            return moved

    def get_object(self, request, slug):
        # A tag only unpublished explainers carry is not named anywhere public: 404.
        return get_object_or_404(public_tags(), slug=slug)

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
    feed_type = PlainTextAtom
    url_name = "articles:tag_feed_atom"


class ProductionFeed(LatestArticlesFeed):
    """The newest explainers about one production."""

    def get_object(self, request, slug):
        return get_object_or_404(public_productions(), slug=slug)

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
    feed_type = PlainTextAtom


class AuthorFeed(LatestArticlesFeed):
    """The newest explainers on one contributor's byline."""

    def get_object(self, request, slug):
        # Someone only unpublished explainers name has no feed, as they have no page.
        return get_object_or_404(public_contributors(Contributor.objects.all()), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"New explainers by {obj.name}."

    def get_articles(self, obj):
        return Article.objects.published().filter(pk__in=obj.bylines.values("article"))

    def page_keys(self, obj):
        return [key(obj), LISTING]


class AuthorAtomFeed(AuthorFeed):
    feed_type = PlainTextAtom


class CorrectionsFeed(PlainTextFeed):
    """The newest corrections to live explainers (/corrections/ as a feed)."""

    description = "Corrections to our explainers, newest first."

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return list(public_corrections()[:FEED_SIZE])

    def item_title(self, item):
        return f"Correction: {item.article.title}"

    def item_link(self, item):
        return item.article.get_absolute_url()

    def item_guid(self, item):
        return f"{absolute_url(item.article.get_absolute_url())}#correction-{item.pk}"

    item_guid_is_permalink = False

    def item_description(self, item):
        # A note is typed in a plain textarea: XML refuses control characters a paste brings.
        return single_line(item.note)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return settings.SITE_NAME

    def page_keys(self, obj):
        return [CORRECTIONS, LISTING]


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = PlainTextAtom
