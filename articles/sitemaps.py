from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from taggit.models import Tag

from .models import Article


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
