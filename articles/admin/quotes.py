"""Admin pages that show where articles use other things: quotes, old slugs."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from people.admin import QuoteAdmin
from people.models import Quote

from ..models import Article, SlugRedirect


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]


class QuoteWithArticlesAdmin(QuoteAdmin):
    """The quote admin, plus the articles that use the quote (people cannot import articles)."""

    readonly_fields = [*QuoteAdmin.readonly_fields, "used_in"]

    class Media:
        css = {"all": ["admin/marquee/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        fields = [name for name in fieldsets[0][1]["fields"] if name != "used_in"]
        return [(None, {"fields": fields}), ("Used in", {"fields": ["used_in"]})]

    @admin.display(description="articles using this quote")
    def used_in(self, obj):
        articles = Article.objects.filter(blocks__quote=obj).distinct().order_by("title")
        if not articles:
            return "Not used in any article yet."
        return format_html(
            '<ul class="mq-links">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="mq-status mq-status--{}">{}</span></li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.title,
                        article.status,
                        article.get_status_display(),
                    )
                    for article in articles
                ),
            ),
        )


admin.site.unregister(Quote)
admin.site.register(Quote, QuoteWithArticlesAdmin)
