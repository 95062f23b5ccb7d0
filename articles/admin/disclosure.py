"""The one disclosure record in the admin: the affiliate notice, the affiliate domains and
ads.txt, on one form."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from core.admin import PageCacheAdminMixin

from ..models import SiteDisclosure


@admin.register(SiteDisclosure)
class SiteDisclosureAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    """Editors keep the affiliate notice and /ads.txt here; saving refreshes the pages."""

    fields = ["affiliate_notice", "sponsored_domains", "ads_txt", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        # One record: the list opens it, so there is nothing to add.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """The list is the record: open its form."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect(
            reverse("admin:articles_sitedisclosure_change", args=[SiteDisclosure.SINGLETON_ID])
        )

    def get_object(self, request, object_id, from_field=None):
        # Before the first save the record is its defaults; saving the form writes it.
        found = super().get_object(request, object_id, from_field)
        if found is None and object_id == str(SiteDisclosure.SINGLETON_ID):
            return SiteDisclosure.current()
        return found

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "affiliate_notice":
            field.widget.attrs.update({"rows": 3})
        if db_field.name == "sponsored_domains":
            field.widget.attrs.update({"rows": 5, "cols": 40})
        if db_field.name == "ads_txt":
            # Tall and wide: editors paste partners' lines and compare them by column.
            field.widget.attrs.update({"rows": 16, "cols": 90})
        return field
