import re
from urllib.parse import urlsplit

from django.contrib import admin
from django.db import models
from django.urls import Resolver404, resolve

from django_countries.fields import CountryField
from django_countries.widgets import LazySelect

from core.admin import ExistingRecordLinkMixin, PageCacheAdminMixin

from .models import Availability, Episode, Production, Season

#: Links typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def edited_object_id(request):
    """The id of the object whose change form this request shows (None on an add form)."""
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("object_id") if match else None


class CountrySelect(LazySelect):
    """The offer's country: a select an editor can type into (the admin's own select2)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-country-select": "", **(attrs or {})})

    class Media:
        css = {"all": ["admin/css/vendor/select2/select2.css", "admin/css/autocomplete.css"]}
        js = [
            "admin/js/vendor/jquery/jquery.js",
            "admin/js/vendor/select2/select2.full.js",
            "admin/js/jquery.init.js",
            "admin/marquee/countries.js",
        ]


class CountrySelectMixin:
    """Offers' forms: https links, and the country as a select with search."""

    formfield_overrides = HTTPS_URLS

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if isinstance(db_field, CountryField):
            kwargs.setdefault("widget", CountrySelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class AvailabilityInline(CountrySelectMixin, admin.TabularInline):
    model = Availability
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "season":
            # Only the seasons of the production being edited (none yet on an add form).
            kwargs["queryset"] = Season.objects.filter(production_id=edited_object_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SeasonInline(admin.TabularInline):
    """A series' seasons; each opens its own form, where its episodes are typed in one table."""

    model = Season
    extra = 0
    fields = ["number", "title", "release_date", "release_time", "time_zone"]
    show_change_link = True


class EpisodeInline(admin.TabularInline):
    """A season's episodes as one table: number, title, date (and time, where it matters),
    runtime."""

    model = Episode
    fk_name = "season"
    fields = [
        "number",
        "title",
        "air_date",
        "air_time",
        "time_zone",
        "runtime_minutes",
        "adapts_chapters",
    ]
    show_change_link = True
    #: Rows offered for a new season: enough for a whole season in one form.
    new_season_rows = 10

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None or not obj.episodes.exists():
            return self.new_season_rows
        return 1


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
    autocomplete_fields = ["based_on", "poster"]
    readonly_fields = ["created_at", "modified_at"]
    inlines = [SeasonInline, AvailabilityInline]
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


@admin.register(Season)
class SeasonAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    """A season and, in one table, its episodes: type a whole season in one form."""

    list_display = ["__str__", "production", "number", "release_date"]
    list_select_related = ["production"]
    search_fields = ["production__title", "title"]
    autocomplete_fields = ["production"]
    inlines = [EpisodeInline]


#: An episode's code as editors type it, after an optional series title: "S1E2", "s01e02",
#: "S1 E2", "season 1 episode 2", "1x02".
EPISODE_CODE = re.compile(
    r"^(?P<title>.*?)[\s,:·-]*"
    r"(?:\bs(?:eason)?\s*(?P<season>\d{1,3})\s*[.,-]?\s*e(?:p(?:isode)?)?\s*(?P<number>\d{1,4})"
    r"|\b(?P<season_x>\d{1,3})\s*x\s*(?P<number_x>\d{1,4}))$",
    re.IGNORECASE,
)


def episode_code(term):
    """(series title typed before it, season, episode) when `term` ends in an episode code."""
    match = EPISODE_CODE.match(term.strip())
    if match is None:
        return None
    season = match["season"] or match["season_x"]
    number = match["number"] or match["number_x"]
    return match["title"].strip(), int(season), int(number)


@admin.register(Episode)
class EpisodeAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "season", "number", "title", "air_date"]
    list_select_related = ["season__production"]
    list_filter = ["season__production"]
    # Editors find an episode by its series' title or its own.
    search_fields = ["season__production__title", "title"]
    autocomplete_fields = ["season", "adapts"]
    ordering = ["season__production__title", "season__number", "number"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season__production")

    def get_search_results(self, request, queryset, search_term):
        """Words find an episode by title; a code as the picker shows it ("S1E2", "s01e02",
        "1x02", after the series' title or not) finds that episode too."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        code = episode_code(search_term)
        if code is None:
            return found, may_have_duplicates
        title, season, number = code
        by_code = queryset.filter(season__number=season, number=number)
        if title:
            by_code = by_code.filter(season__production__title__icontains=title)
        return found | by_code, may_have_duplicates


class RegionNotUnderstoodFilter(admin.SimpleListFilter):
    """Offers whose old free-text region named no country we know: an editor chooses one."""

    title = "country"
    parameter_name = "region_note"

    def lookups(self, request, model_admin):
        return [("kept", "Country not understood")]

    def queryset(self, request, queryset):
        if self.value() == "kept":
            return queryset.exclude(region_note="")
        return queryset


@admin.register(Availability)
class AvailabilityAdmin(CountrySelectMixin, PageCacheAdminMixin, admin.ModelAdmin):
    list_display = [
        "production",
        "platform",
        "country",
        "offer_type",
        "season",
        "available_from",
        "available_until",
        "affiliate",
        "region_note",
    ]
    list_filter = ["platform", RegionNotUnderstoodFilter, "country", "offer_type", "affiliate"]
    search_fields = ["production__title", "platform"]
    autocomplete_fields = ["production", "season"]
    date_hierarchy = "available_from"
