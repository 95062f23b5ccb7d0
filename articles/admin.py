from django.contrib import admin

from .models import Article, ArticleBlock, Correction, SlugRedirect


class ArticleBlockInline(admin.StackedInline):
    model = ArticleBlock
    fk_name = "article"
    extra = 0
    ordering = ["position", "id"]
    autocomplete_fields = ["quote", "also_read", "source"]
    fieldsets = [
        (None, {"fields": [("position", "kind")]}),
        ("Text, heading or spoiler", {"fields": ["heading", "text"]}),
        ("Quote", {"fields": ["quote"]}),
        ("Image", {"fields": ["image", "image_alt", "image_credit", "caption"]}),
        ("Also read", {"fields": ["also_read"]}),
        (
            "Fact vs fiction",
            {"fields": ["claim", "on_screen", "in_reality", "fact_verdict", "source"]},
        ),
    ]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "kind", "publish_at", "is_featured"]
    list_filter = ["status", "kind", "is_featured", "productions"]
    search_fields = ["title", "standfirst", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "productions", "people", "verdict_sources"]
    readonly_fields = ["first_published_at", "updated_at", "created_at", "modified_at"]
    date_hierarchy = "publish_at"
    inlines = [ArticleBlockInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "kind", "authors", "tags"]}),
        ("Publishing", {"fields": ["status", "publish_at", "is_featured", "allow_comments"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_credit"]}),
        ("Covers", {"fields": ["productions", "people"]}),
        ("Verdict", {"fields": ["verdict", "verdict_summary", "verdict_sources"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (
            "Freshness",
            {
                "fields": [
                    "review_by",
                    "first_published_at",
                    "updated_at",
                    "created_at",
                    "modified_at",
                ]
            },
        ),
    ]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]
