from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count

from core.admin import PageCacheAdminMixin
from productions.admin import HTTPS_URLS, ProductionAdmin
from productions.models import Production

from .models import Credit, Person, PersonLink, Quote, Source


class PersonLinkInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = PersonLink
    extra = 0


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person", "production"]
    show_change_link = True


class QuoteInline(admin.TabularInline):
    """A person's quotes on their page, each one click from its full form."""

    model = Quote
    fk_name = "speaker"
    extra = 0
    fields = ["text", "source", "is_paraphrase"]
    autocomplete_fields = ["source"]
    show_change_link = True
    verbose_name_plural = "Quotes by this person"
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 48})}
    }


@admin.register(Person)
class PersonAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "quote_count", "credit_count", "modified_at"]
    # Meta.ordering is dropped by the counting annotation below: say it again.
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    readonly_fields = ["created_at", "modified_at"]
    inlines = [PersonLinkInline, CreditInline, QuoteInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_quotes=Count("quotes", distinct=True),
                num_credits=Count("credits", distinct=True),
            )
        )

    @admin.display(description="quotes", ordering="num_quotes")
    def quote_count(self, obj):
        return obj.num_quotes

    @admin.display(description="credits", ordering="num_credits")
    def credit_count(self, obj):
        return obj.num_credits


@admin.register(Credit)
class CreditAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["person", "role", "character_name", "production", "billing_order"]
    list_filter = ["role"]
    search_fields = ["person__name", "production__title", "character_name"]
    autocomplete_fields = ["person", "production"]
    list_select_related = ["person", "production"]


@admin.register(Source)
class SourceAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "outlet", "published_on", "accessed_on"]
    list_filter = ["outlet"]
    search_fields = ["title", "outlet", "url"]
    date_hierarchy = "published_on"


@admin.register(Quote)
class QuoteAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "speaker", "source", "is_paraphrase", "created_at"]
    list_filter = ["is_paraphrase"]
    search_fields = ["text", "speaker__name", "context"]
    autocomplete_fields = ["speaker", "source", "productions"]
    list_select_related = ["speaker", "source"]
    readonly_fields = ["created_at", "modified_at"]


# Credits are edited on the production too; productions cannot import people,
# so people extends the production admin rather than the other way round.
class ProductionWithCreditsAdmin(ProductionAdmin):
    inlines = [*ProductionAdmin.inlines, CreditInline]


admin.site.unregister(Production)
admin.site.register(Production, ProductionWithCreditsAdmin)
