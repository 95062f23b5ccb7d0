from urllib.parse import urlsplit

from django.contrib import admin
from django.db import models
from django.urls import Resolver404, resolve

from core.admin import ExistingRecordLinkMixin, PageCacheAdminMixin

from .models import Availability, Production

#: Links typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class AvailabilityInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = Availability
    extra = 0


def _production_being_edited(request):
    """The production whose change form asked the autocomplete, read from the page it came from."""
    try:
        match = resolve(urlsplit(request.headers.get("Referer", "")).path)
    except Resolver404:
        return None
    if match.url_name != "productions_production_change":
        return None
    return match.kwargs.get("object_id")


@admin.register(Production)
class ProductionAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "year", "platform", "episode_count", "based_on"]
    list_filter = ["kind", "platform", "year"]
    search_fields = ["title", "platform"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["based_on"]
    readonly_fields = ["created_at", "modified_at"]
    inlines = [AvailabilityInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "year", "release_date", "platform"]}),
        ("Details", {"fields": ["episode_count", "based_on", "synopsis", "filming_locations"]}),
        ("Poster", {"fields": ["poster", "poster_alt", "poster_credit"]}),
        ("Stamps", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "based_on":
            # "Based on" never offers the production being edited (the database refuses it too).
            editing = _production_being_edited(request)
            if editing and editing.isdigit():
                queryset = queryset.exclude(pk=editing)
        return queryset, may_have_duplicates


@admin.register(Availability)
class AvailabilityAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["production", "platform", "region", "available_from", "available_until"]
    list_filter = ["platform", "region"]
    search_fields = ["production__title", "platform"]
    autocomplete_fields = ["production"]
    date_hierarchy = "available_from"
