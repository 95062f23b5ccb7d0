"""The tag admin (django-taggit's), with Marquee's merge instead of taggit's.

taggit's "Merge selected tags" deleted the kept tag when it was among the selected, and
wrote no history. Marquee's action shows how many articles hold each selected tag, lets the
editor keep one of them or type a name, and calls `tags_merge`; "Recent merges" lists each
merge with an Undo (`tags_merge_undo`). Both services check the permissions themselves.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from taggit.admin import TagAdmin
from taggit.models import Tag

from core.admin import ExistingRecordLinkMixin, PageCacheAdminMixin
from core.pagecache import LISTING, key

from ..models import TagMerge
from ..tag_merge import can_merge_tags, tags_merge, tags_merge_undo

NEW_NAME = "new"


class TagMergeForm(forms.Form):
    """Which tag the selected ones become: one of them, or a name typed here."""

    keep = forms.ChoiceField(label="Keep", widget=forms.RadioSelect)
    new_name = forms.CharField(label="New name", max_length=100, required=False)

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = tags
        self.fields["keep"].choices = [(str(tag.pk), tag.name) for tag in tags] + [
            (NEW_NAME, "A tag with this name:")
        ]

    def clean(self):
        data = super().clean()
        if data.get("keep") == NEW_NAME and not data.get("new_name", "").strip():
            self.add_error("new_name", "Type the name of the tag to keep.")
        return data

    def kept(self):
        """The kept tag, or the typed name (`tags_merge` finds or makes its tag)."""
        choice = self.cleaned_data["keep"]
        if choice == NEW_NAME:
            return self.cleaned_data["new_name"]
        return next(tag for tag in self.tags if str(tag.pk) == choice)


class PageCachedTagAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, TagAdmin):
    """Tags show on article pages and cards, so a change refreshes the lists and the tag's page."""

    actions = ["merge_tags"]

    def object_cache_tags(self, obj):
        return [key(obj), LISTING]

    def has_merge_permission(self, request):
        """A merge retags articles and removes tags, so it needs both change and delete."""
        return can_merge_tags(request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": self.has_merge_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        # taggit's own merge view is left out: only Marquee's merge is reachable.
        view = self.admin_site.admin_view
        return [
            path("merge-tags/", view(self.merge_tags_view), name="taggit_tag_merge_tags"),
            path("merges/", view(self.merges_view), name="taggit_tag_merges"),
            path(
                "merges/<int:merge_id>/undo/",
                view(self.merge_undo_view),
                name="taggit_tag_merge_undo",
            ),
            *admin.ModelAdmin.get_urls(self),
        ]

    @admin.action(description="Merge selected tags", permissions=["merge"])
    def merge_tags(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:taggit_tag_merge_tags')}?ids={ids}")

    def _selected(self, request):
        raw = request.POST.get("ids") or request.GET.get("ids") or ""
        ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
        return list(
            Tag.objects.filter(pk__in=ids)
            .annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")
        )

    def merge_tags_view(self, request):
        """The confirmation page: each selected tag with its article count, and the one to keep."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        tags = self._selected(request)
        changelist = reverse("admin:taggit_tag_changelist")
        if not tags:
            self.message_user(request, "Select the tags to merge in the list first.")
            return HttpResponseRedirect(changelist)
        form = TagMergeForm(request.POST or None, tags=tags)
        if request.method == "POST" and form.is_valid():
            try:
                merge = tags_merge(keep=form.kept(), merged=tags, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    format_html(
                        "Tags merged: {} → {}. {} article(s) now hold “{}”; the old tag "
                        'pages lead to it. <a href="{}">Undo this merge</a> from Recent merges.',
                        merge.merged_names,
                        merge.kept_name,
                        merge.article_count,
                        merge.kept_name,
                        reverse("admin:taggit_tag_merges"),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge tags",
            "tags": tags,
            "ids": ",".join(str(tag.pk) for tag in tags),
            "form": form,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)

    def merges_view(self, request):
        """Recent merges, newest first, each with an Undo until it is undone."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Recent tag merges",
            "merges": TagMerge.objects.select_related("merged_by", "undone_by")[:50],
        }
        return TemplateResponse(request, "admin/taggit/tag/merges.html", context)

    def merge_undo_view(self, request, merge_id):
        """Undo one merge (POST), then back to Recent merges."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        merge = get_object_or_404(TagMerge, pk=merge_id)
        try:
            tags_merge_undo(merge=merge, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                f"Merge undone: {merge.merged_names} are back on their articles.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:taggit_tag_merges"))


admin.site.unregister(Tag)
admin.site.register(Tag, PageCachedTagAdmin)
