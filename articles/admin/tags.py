"""The tag admin (django-taggit's), refreshing the public pages that show a changed tag."""

from django.contrib import admin

from taggit.admin import TagAdmin
from taggit.models import Tag

from core.admin import PageCacheAdminMixin
from core.pagecache import CATALOGUE, LISTING, invalidate, tag


class PageCachedTagAdmin(PageCacheAdminMixin, TagAdmin):
    """Tags show on article pages and cards, so a change refreshes the lists and the tag's page."""

    def object_cache_tags(self, obj):
        return [tag("tag", obj.pk), LISTING]

    def merge_tags_view(self, request):
        response = super().merge_tags_view(request)
        if request.method == "POST":
            # A merge retags articles and deletes tags: every list and tag page may change.
            tags = [tag("tag", pk) for pk in Tag.objects.values_list("pk", flat=True)]
            invalidate(*tags, LISTING, CATALOGUE)
        return response


admin.site.unregister(Tag)
admin.site.register(Tag, PageCachedTagAdmin)
