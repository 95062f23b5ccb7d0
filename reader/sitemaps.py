"""The sitemap search engines read: every public explainer, tag, person, production and quote."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from taggit.models import Tag

from articles.models import Article
from people.models import Person, Quote
from productions.models import Production


class ArticleSitemap(Sitemap):
    """Every public explainer, with the date it last changed."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("-publish_at", "-id")

    def lastmod(self, item):
        return item.updated_at or item.first_published_at or item.publish_at


class TagSitemap(Sitemap):
    """Tags that at least one public explainer carries."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        public = Article.objects.published().values("pk")
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="articles",
                taggit_taggeditem_items__content_type__model="article",
                taggit_taggeditem_items__object_id__in=public,
            )
            .distinct()
            .order_by("name")
        )

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PersonSitemap(Sitemap):
    """Every person page."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Person.objects.order_by("name", "pk")

    def lastmod(self, item):
        return item.modified_at


class QuoteSitemap(Sitemap):
    """Every quote's permalink."""

    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Quote.objects.order_by("pk")

    def lastmod(self, item):
        return item.modified_at


class ProductionSitemap(Sitemap):
    """Every production page."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Production.objects.order_by("title", "pk")

    def lastmod(self, item):
        return item.modified_at


#: What /sitemap.xml lists, section by section.
SITEMAPS = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "productions": ProductionSitemap,
    "quotes": QuoteSitemap,
    "tags": TagSitemap,
}
