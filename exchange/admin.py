from django.contrib import admin

from .models import ImportedItem, LegacyURL


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """What each WordPress import brought in; the import command keeps it, editors read it."""

    list_display = ["wp_id", "kind", "site", "article", "comment", "image", "imported_at"]
    list_filter = ["kind", "site"]
    search_fields = ["wp_id", "article__title", "lacks"]
    readonly_fields = [
        "site",
        "kind",
        "wp_id",
        "article",
        "comment",
        "image",
        "identity",
        "lacks",
        "imported_at",
    ]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request):
        return False


@admin.register(LegacyURL)
class LegacyURLAdmin(admin.ModelAdmin):
    """Old addresses that answer with a permanent redirect to their article or picture."""

    list_display = ["__str__", "article", "image", "site"]
    search_fields = ["path", "query", "article__title", "site"]
    autocomplete_fields = ["article", "image"]
