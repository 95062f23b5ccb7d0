"""The sitemap search engines read: every public explainer, author, tag, person, production and
quote, the published standing pages and the corrections log (an author, tag, person, production
or quote only unpublished explainers name is left out: `articles.visibility`).

`/sitemap.xml` lists every address with its last change while the site holds at
most `SECTION_SIZE` of them; past that it becomes an index of sections
(`/sitemap-<section>.xml?p=N`), each page at most `SECTION_SIZE` long, so no
response grows with the archive. The news sitemap (`news_sitemap.py`) is one more entry of
the index.

Every address takes its scheme and host from `SITE_URL`, as canonical links do, never from
the request: a crawler that came in by a `www.` alias or the bare IP is sent to the one
address the pages call their own.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date

from articles.models import Article
from articles.visibility import (
    public_contributors,
    public_people,
    public_productions,
    public_quotes,
    public_tags,
)
from core.http import absolute_url
from pages.models import StandingPage

from .views.pages import public_corrections

#: Addresses per sitemap page (the protocol allows 50,000): 1,000 keep a section under
#: 200 kB and quick to build at 10,000 articles.
SECTION_SIZE = 1000


def site_address():
    """(scheme, host) of `SITE_URL`: the only host sitemaps and robots.txt name."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme or "https", parts.netloc


class Section(Sitemap):
    """One section: pages of `SECTION_SIZE`, counted once per request, newest change by SQL."""

    limit = SECTION_SIZE
    dated = True

    def get_protocol(self, protocol=None):
        return site_address()[0]

    def get_domain(self, site=None):
        return site_address()[1]

    @cached_property
    def paginator(self):
        # Django builds a new paginator (and a new COUNT) on every access.
        return super().paginator

    def lastmod(self, item):
        """The row's own date, where `lastmod_expression` names a field or an annotation."""
        return getattr(item, self.lastmod_expression)

    def get_latest_lastmod(self):
        # Django's default reads every item; one aggregate gives the same answer.
        return self.items().aggregate(latest=Max(self.lastmod_expression))["latest"]


class ArticleSitemap(Section):
    """Every public explainer, with the date it last changed."""

    changefreq = "weekly"
    priority = 0.8
    lastmod_expression = Coalesce("updated_at", "first_published_at", "publish_at")

    def items(self):
        # Only what an address and its date need: a page holds thousands of rows.
        return (
            Article.objects.published()
            .only("slug", "publish_at", "first_published_at", "updated_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at or item.first_published_at or item.publish_at


class TagSitemap(Section):
    """Tags that at least one public explainer carries, dated by their newest explainer."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        # Whether a tag has a public explainer stops at the first one it finds; the
        # newest of each (for lastmod) is read once, for every tag, in `newest`.
        return public_tags().order_by("name", "pk")

    @cached_property
    def newest(self):
        """{tag id: publication of its newest public explainer}, in one grouped query."""
        rows = (
            Article.objects.published()
            .filter(tags__isnull=False)
            .values_list("tags")
            .annotate(newest=Max("publish_at"))
            .order_by()
        )
        return dict(rows)

    def lastmod(self, item):
        return self.newest.get(item.pk)

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})

    def get_latest_lastmod(self):
        # Newest first by index, stopping at the first explainer that carries a tag (an
        # aggregate over the semi-join would read every public explainer).
        return (
            Article.objects.published()
            .tagged()
            .order_by("-publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )


class CatalogueSection(Section):
    """A section of catalogue pages, each row checked against `articles.visibility`: the
    count and the newest change are read in one query, so the rule runs once per request."""

    @cached_property
    def summary(self):
        return self.items().aggregate(count=Count("pk"), latest=Max(self.lastmod_expression))

    @cached_property
    def paginator(self):
        paginator = super().paginator
        paginator.count = self.summary["count"]
        return paginator

    def get_latest_lastmod(self):
        return self.summary["latest"]


class PersonSitemap(CatalogueSection):
    """Every public person's page."""

    changefreq = "monthly"
    priority = 0.5
    lastmod_expression = "modified_at"

    def items(self):
        return public_people().order_by("name", "pk")


class QuoteSitemap(CatalogueSection):
    """Every public quote's permalink."""

    changefreq = "yearly"
    priority = 0.3
    lastmod_expression = "modified_at"

    def items(self):
        return public_quotes().order_by("pk")


class ProductionSitemap(CatalogueSection):
    """Every public production's page."""

    changefreq = "weekly"
    priority = 0.6
    lastmod_expression = "modified_at"

    def items(self):
        return public_productions().order_by("title", "pk")


class AuthorSitemap(CatalogueSection):
    """Every author page: contributors with a published explainer on their byline."""

    changefreq = "weekly"
    priority = 0.5
    lastmod_expression = "modified_at"

    def items(self):
        return public_contributors().order_by("name", "pk")


class ScheduleSitemap(Section):
    """The release calendar, /schedule/: it changes by the day, so it carries no date."""

    changefreq = "daily"
    priority = 0.5
    #: No date to give: the index's own date is its other sections'.
    dated = False

    def items(self):
        return ["schedule"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


#: The sections, by the name in their address (/sitemap-<name>.xml).
class StandingSitemap(Section):
    """Every published standing page (About, the policies…) dated by its last update, and
    the corrections log dated by its newest correction: a few rows, read in two queries."""

    changefreq = "monthly"
    priority = 0.3

    @cached_property
    def rows(self):
        pages = StandingPage.objects.published().only("slug", "updated_at").order_by("pk")
        rows = [(page.get_absolute_url(), page.updated_at) for page in pages]
        newest = public_corrections().aggregate(newest=Max("published_at"))["newest"]
        return [*rows, (reverse("articles:corrections"), newest)]

    def items(self):
        return self.rows

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        dates = [date for _, date in self.rows if date]
        return max(dates) if dates else None


SITEMAPS = {
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "pages": StandingSitemap,
    "people": PersonSitemap,
    "productions": ProductionSitemap,
    "quotes": QuoteSitemap,
    "schedule": ScheduleSitemap,
    "tags": TagSitemap,
}


def sitemap_index(request):
    """/sitemap.xml: every address while they fit on one page, else the index of sections
    and the news sitemap."""
    sections = {name: section() for name, section in SITEMAPS.items()}
    if sum(section.paginator.count for section in sections.values()) <= SECTION_SIZE:
        return sitemap_views.sitemap(request, sitemaps=sections)
    return section_index(request, sections)


@x_robots_tag
def section_index(request, sections):
    """The index of sections, each page of each, then the news sitemap: Django's index, but
    at `SITE_URL`'s host (Django's takes the request's)."""
    items, dates = [], []
    for name, section in sections.items():
        address = absolute_url(reverse("sitemap_section", kwargs={"section": name}))
        lastmod = section.get_latest_lastmod()
        pages = [SitemapIndexItem(address, lastmod)] + [
            SitemapIndexItem(f"{address}?p={page}", lastmod)
            for page in range(2, section.paginator.num_pages + 1)
        ]
        items += pages
        dates += [item.last_mod for item in pages] if section.dated else []
    items.append(SitemapIndexItem(absolute_url(reverse("news_sitemap"))))
    # As Django's index: a Last-Modified header when every section has a date (the news
    # sitemap has none of its own: it changes with the clock).
    headers = None
    if dates and all(dates):
        latest = max(_aware(date) for date in dates)
        headers = {"Last-Modified": http_date(latest.timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )


def _aware(value):
    """A lastmod as an aware datetime (a date is midnight UTC), to compare and send."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)
