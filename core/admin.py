"""Admin saves and deletes that refresh, on commit, the public pages showing what changed;
read-only admins; and the record of who saw readers' email addresses."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import SlugField, UniqueConstraint
from django.urls import reverse
from django.utils.html import format_html

from .models import AddressView
from .pagecache import CATALOGUE, invalidate, keys
from .slugs import free_slug


def _stored(obj):
    """The object as the database has it now (None when new), to know what it used to show."""
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


class PageCacheAdminMixin:
    """A ModelAdmin whose saves and deletes (inlines included) show at once on public pages.

    What a change touches is `core.pagecache.keys(obj)` (a model whose rows show on other
    pages says which in `cache_keys()`); an admin may override `object_cache_tags()`. The
    keys of the stored object (before the edit) and of the saved one are both invalidated,
    so a quote moved to another speaker leaves both people's pages fresh.
    """

    def object_cache_tags(self, obj):
        return keys(obj)

    def _tags(self, obj):
        if obj is None:
            return []
        if isinstance(obj, self.model):
            return list(self.object_cache_tags(obj))
        return keys(obj)

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record staff may look at and never add, change or delete (logs, counts, mail)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def uniqueness_rules(model):
    """(fields, message or None, condition) for each rule that two rows may not share."""
    rules = [
        ((field.name,), None, None)
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key
    ]
    rules += [
        (tuple(constraint.fields), constraint.get_violation_error_message(), constraint.condition)
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and constraint.fields
    ]
    return rules


def existing_records(instance):
    """(fields, message, other row) for each uniqueness rule another row already holds."""
    model = type(instance)
    for fields, message, condition in uniqueness_rules(model):
        values = {}
        for name in fields:
            value = getattr(instance, model._meta.get_field(name).attname)
            if value in (None, ""):
                break
            values[name] = value
        else:
            others = model._default_manager.filter(**values)
            if condition is not None:
                others = others.filter(condition)
            if instance.pk is not None:
                others = others.exclude(pk=instance.pk)
            existing = others.order_by("pk").first()
            if existing is not None:
                yield fields, message, existing


class ExistingRecordLinkForm:
    """A model form whose "… already exists" errors link to the record that exists, and, for a
    slug, name a free one (`core.slugs.free_slug`)."""

    def _link_error(self, error, conflicts):
        fields = tuple((error.params or {}).get("unique_check", ()))
        text = ValidationError(error).messages[0]
        for rule_fields, message, existing in conflicts:
            if fields == rule_fields or (message and text == message):
                opts = existing._meta
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[existing.pk]
                )
                return ValidationError(
                    format_html(
                        '{}: <a href="{}" class="mq-existing">open “{}”</a>.{}',
                        text.rstrip("."),
                        url,
                        existing,
                        self._free_slug_sentence(rule_fields),
                    ),
                    code=error.code,
                )
        return error

    def _free_slug_sentence(self, fields):
        """ " “missing-you-novel” is free." after a slug clash: a way forward, not a puzzle."""
        if len(fields) != 1 or not isinstance(self.instance._meta.get_field(fields[0]), SlugField):
            return ""
        suggestion = free_slug(self.instance, fields[0])
        if not suggestion:
            return ""
        return format_html(
            ' <span class="mq-free-slug">“<kbd>{}</kbd>” is free: use it instead.</span>',
            suggestion,
        )

    def _update_errors(self, errors):
        conflicts = list(existing_records(self.instance)) if hasattr(errors, "error_dict") else []
        if conflicts:
            errors = ValidationError(
                {
                    name: [self._link_error(error, conflicts) for error in field_errors]
                    for name, field_errors in errors.error_dict.items()
                }
            )
        super()._update_errors(errors)


class ExistingRecordLinkMixin:
    """A ModelAdmin whose uniqueness errors offer a way forward: a link to the existing row."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = kwargs.get("form", self.form)
        if not issubclass(form, ExistingRecordLinkForm):
            kwargs["form"] = type(form.__name__, (ExistingRecordLinkForm, form), {})
        return super().get_form(request, obj, change=change, **kwargs)


@admin.register(AddressView)
class AddressViewAdmin(ReadOnlyAdmin):
    """Who saw which reader's email address in the admin, and when (core.privacy): read-only,
    so the record cannot be rewritten. Superusers see it; a role may be given its view
    permission."""

    list_display = ["seen_at", "viewer_name", "whose", "page"]
    search_fields = ["viewer_name", "whose", "page"]
    date_hierarchy = "seen_at"
    fields = ["seen_at", "viewer", "viewer_name", "reader", "whose", "page"]
    readonly_fields = fields
