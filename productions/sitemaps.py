from django.contrib.sitemaps import Sitemap

from .models import Production


class ProductionSitemap(Sitemap):
    """Every production page."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Production.objects.order_by("title", "pk")

    def lastmod(self, item):
        return item.modified_at
