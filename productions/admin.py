from django.contrib import admin
from django.db import models

from core.admin import PageCacheAdminMixin

from .models import Availability, Production

#: Links typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class AvailabilityInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = Availability
    extra = 0


@admin.register(Production)
class ProductionAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "year", "platform", "episode_count", "based_on"]
    list_filter = ["kind", "platform", "year"]
    search_fields = ["title", "platform"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["based_on", "poster"]
    readonly_fields = ["created_at", "modified_at"]
    inlines = [AvailabilityInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "year", "release_date", "platform"]}),
        ("Details", {"fields": ["episode_count", "based_on", "synopsis", "filming_locations"]}),
        ("Poster", {"fields": ["poster", "poster_alt", "poster_credit"]}),
        ("Stamps", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
    ]


@admin.register(Availability)
class AvailabilityAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["production", "platform", "region", "available_from", "available_until"]
    list_filter = ["platform", "region"]
    search_fields = ["production__title", "platform"]
    autocomplete_fields = ["production"]
    date_hierarchy = "available_from"
