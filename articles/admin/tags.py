"""The tag admin (django-taggit's), refreshing the public pages that show a changed tag."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from taggit.admin import TagAdmin
from taggit.models import Tag

from core.admin import ExistingRecordLinkMixin, PageCacheAdminMixin
from core.pagecache import CATALOGUE, LISTING, invalidate, key


class PageCachedTagAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, TagAdmin):
    """Tags show on article pages and cards, so a change refreshes the lists and the tag's page."""

    def object_cache_tags(self, obj):
        return [key(obj), LISTING]

    def has_merge_permission(self, request):
        """A merge retags articles and empties tags, so it needs both change and delete."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge selected tags", permissions=["merge"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        # taggit's view checks only that the user is staff: anyone who could open the admin
        # could retag every article, so the permission is checked before GET and POST alike.
        if not self.has_merge_permission(request):
            raise PermissionDenied
        response = super().merge_tags_view(request)
        if request.method == "POST":
            # A merge retags articles and deletes tags: every list and tag page may change.
            tags = [key(Tag, pk) for pk in Tag.objects.values_list("pk", flat=True)]
            invalidate(*tags, LISTING, CATALOGUE)
        return response


admin.site.unregister(Tag)
admin.site.register(Tag, PageCachedTagAdmin)
