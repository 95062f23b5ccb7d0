from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count

from core.admin import ExistingRecordLinkMixin, PageCacheAdminMixin
from productions.admin import HTTPS_URLS, ProductionAdmin, edited_object_id
from productions.models import Episode, Production

from .models import Credit, Person, PersonLink, Quote, Source


class PersonLinkInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = PersonLink
    extra = 0


class CreditForm(forms.ModelForm):
    """Refuses episodes of another production, beside the field (`Credit.episode_problems`)."""

    def clean(self):
        cleaned = super().clean()
        episodes = cleaned.get("episodes")
        if episodes and cleaned.get("production"):
            self.instance.production = cleaned["production"]
            for problem in self.instance.episode_problems(episodes.select_related("season")):
                self.add_error("episodes", problem)
        return cleaned


class CreditInline(admin.TabularInline):
    model = Credit
    form = CreditForm
    extra = 0
    autocomplete_fields = ["person", "production", "episodes"]
    show_change_link = True

    class Media:
        # Keeps the credits table inside a 1280 px screen (on people and productions alike).
        css = {"all": ["admin/marquee/admin.css"]}


class ProductionCreditInline(CreditInline):
    """On a production's page the episode picker offers only that production's episodes."""

    autocomplete_fields = ["person"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "episodes":
            kwargs["queryset"] = Episode.objects.filter(
                season__production_id=edited_object_id(request)
            ).in_order()
            kwargs["widget"] = forms.SelectMultiple(attrs={"size": 4})
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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
class PersonAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, admin.ModelAdmin):
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
class CreditAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["person", "role", "character_name", "production", "billing_order"]
    list_filter = ["role"]
    search_fields = ["person__name", "production__title", "character_name"]
    autocomplete_fields = ["person", "production", "episodes"]
    list_select_related = ["person", "production"]
    form = CreditForm


@admin.register(Source)
class SourceAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, admin.ModelAdmin):
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
    autocomplete_fields = ["speaker", "source", "productions", "episodes"]
    list_select_related = ["speaker", "source"]
    readonly_fields = ["created_at", "modified_at"]


# Credits are edited on the production too; productions cannot import people,
# so people extends the production admin rather than the other way round.
class ProductionWithCreditsAdmin(ProductionAdmin):
    inlines = [*ProductionAdmin.inlines, ProductionCreditInline]


admin.site.unregister(Production)
admin.site.register(Production, ProductionWithCreditsAdmin)
