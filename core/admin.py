"""Admin saves and deletes that refresh, on commit, the public pages showing what changed."""

from .pagecache import CATALOGUE, invalidate


def _stored(obj):
    """The object as the database has it now (None when new), to know what it used to show."""
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


class PageCacheAdminMixin:
    """A ModelAdmin whose saves and deletes (inlines included) show at once on public pages.

    Each model lists the page-cache tags it appears under in `page_cache_tags()`; an
    admin for a model that is not ours overrides `object_cache_tags()`. The tags of the
    stored object (before the edit) and of the saved one are both invalidated, so a quote
    moved to another speaker leaves both people's pages fresh.
    """

    def object_cache_tags(self, obj):
        return obj.page_cache_tags()

    def _tags(self, obj):
        if obj is None:
            return []
        if isinstance(obj, self.model):
            return list(self.object_cache_tags(obj))
        method = getattr(obj, "page_cache_tags", None)
        return list(method()) if method else []

    def save_model(self, request, obj, form, change):
        # Kept on the object (one per request), read back once the relations are saved.
        obj._page_cache_before = self._tags(_stored(obj)) if change else []
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        invalidate(*getattr(obj, "_page_cache_before", []), *self._tags(obj), CATALOGUE)

    def save_formset(self, request, form, formset, change):
        before = [tag for f in formset.initial_forms for tag in self._tags(_stored(f.instance))]
        super().save_formset(request, form, formset, change)
        after = [
            tag
            for f in formset.forms
            if f.instance.pk is not None and f.has_changed()
            for tag in self._tags(f.instance)
        ]
        invalidate(*before, *after)

    def delete_model(self, request, obj):
        tags = self._tags(obj)
        super().delete_model(request, obj)
        invalidate(*tags, CATALOGUE)

    def delete_queryset(self, request, queryset):
        tags = [tag for obj in queryset for tag in self._tags(obj)]
        super().delete_queryset(request, queryset)
        invalidate(*tags, CATALOGUE)
