"""The article's blocks in its admin form: fieldsets and the fields each kind shows come from
the block registry, so a new kind needs no change here."""

import json

from django import forms
from django.db import models

from adminsortable2.admin import SortableStackedInline

from ..blocks import registry
from ..models import ArticleBlock
from ..richtext import RichTextFormField
from .forms import MOVE_FIELD, ArticleBlockFormSet, requested_action
from .pickers import guide_pickers


def block_fieldsets():
    """One fieldset per set of payload fields that the same kinds use, in registry order.

    Each fieldset carries `mq-kinds mq-for-<kind>` for every kind that shows it, so
    static/admin/marquee/blocks.js hides the fields the chosen kind does not use.
    """
    kinds_of = {}
    for kind in registry:
        for name in kind.form_fields:
            kinds_of.setdefault(name, []).append(kind)
    groups = {}
    for name, kinds in kinds_of.items():
        groups.setdefault(tuple(kind.name for kind in kinds), []).append(name)
    fieldsets = [(None, {"fields": [("position", "kind")]})]
    for names, fields in groups.items():
        if len(names) == 1:
            title = registry[names[0]].label
        else:
            title = " and ".join(
                str(ArticleBlock._meta.get_field(name).verbose_name) for name in fields
            ).capitalize()
        classes = ["mq-kinds", *(f"mq-for-{name}" for name in names)]
        fieldsets.append((title, {"fields": fields, "classes": classes}))
    return fieldsets


class ArticleBlockInline(SortableStackedInline):
    """The article body in the admin: one stacked form per block, showing its kind's fields.

    Each title bar names the block by its own words (the registry's `title_fields`). Blocks
    are reordered by dragging their title bar (django-admin-sortable2 renumbers the hidden
    `position` inputs) or one place at a time by ▲ ▼: in the page with JavaScript
    (static/admin/marquee/blocks.js), else by posting the form, which comes back in the new
    order with nothing saved (`ArticleBlockFormSet`).
    """

    model = ArticleBlock
    formset = ArticleBlockFormSet
    fk_name = "article"
    extra = 0
    ordering = ["position", "id"]
    # The "+" beside quote opens the quote form in a pop-up and fills the
    # field on save: a writer creates a quote without leaving the article.
    # An embed's address pasted without its scheme is https, as browsers assume; a plain
    # input (no "Currently: <link>" above it, which would repeat a refused address).
    formfield_overrides = {
        models.URLField: {
            "assume_scheme": "https",
            "widget": forms.URLInput(attrs={"class": "vURLField"}),
        }
    }
    autocomplete_fields = ["quote", "also_read", "source", "spoils_up_to", "image", "production"]
    fieldsets = block_fieldsets()
    template = "admin/articles/article/blocks_inline.html"
    #: The name the ▲ ▼ buttons post (read by the template).
    move_field = MOVE_FIELD
    #: {kind: title fields}, for the script that keeps each title bar live.
    title_fields_json = json.dumps(registry.title_fields_by_kind())

    def get_queryset(self, request):
        # Title bars name quotes, pictures and linked articles: loaded with the blocks.
        return super().get_queryset(request).select_related(*registry.select_related())

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        formset.workflow_action = requested_action(request)
        # "Spoils up to" says who adds episodes, and how to ask for one, like the covers do.
        guide_pickers(formset.form, user=request.user, article=obj)
        if not (self.has_change_permission(request, obj) or self.has_add_permission(request, obj)):
            # Blocks shown read-only render no widget: without this the page would still load
            # the editor's scripts, and with them its Content-Security-Policy relaxation.
            for field in formset.form.base_fields.values():
                if isinstance(field, RichTextFormField):
                    field.widget = forms.Textarea()
        return formset

    def _editable(self, request, obj):
        return obj is None or obj.can_be_edited_by(request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)
