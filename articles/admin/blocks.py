"""The article's blocks in its admin form: fieldsets and the fields each kind shows come from
the block registry, so a new kind needs no change here."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

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
    fieldsets = [(None, {"fields": [("position", "kind", "move")]})]
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

    Blocks are reordered by dragging their title bar (django-admin-sortable2 renumbers the
    hidden `position` inputs), or without JavaScript by the "Move up" / "Move down" buttons,
    which save the form with the block swapped with its neighbour (`ArticleBlockFormSet`).
    """

    model = ArticleBlock
    formset = ArticleBlockFormSet
    fk_name = "article"
    extra = 0
    ordering = ["position", "id"]
    # The "+" beside quote opens the quote form in a pop-up and fills the
    # field on save: a writer creates a quote without leaving the article.
    autocomplete_fields = ["quote", "also_read", "source", "spoils_up_to", "image"]
    fieldsets = block_fieldsets()
    readonly_fields = ["move"]

    @admin.display(description="Order")
    def move(self, obj):
        """Submit buttons that save the article with this block one place up or down."""
        if obj is None or obj.pk is None:
            return "Saved blocks can be moved; drag a block by its title bar."
        return format_html(
            '<button type="submit" name="{name}" value="{pk}:up" class="mq-move" '
            'title="Save, with this block moved up">Move up ↑</button> '
            '<button type="submit" name="{name}" value="{pk}:down" class="mq-move" '
            'title="Save, with this block moved down">Move down ↓</button>',
            name=MOVE_FIELD,
            pk=obj.pk,
        )

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
