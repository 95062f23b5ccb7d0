from django.contrib.sitemaps import Sitemap

from .models import Person, Quote


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
