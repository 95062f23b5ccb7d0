"""Contributors in the admin, and the byline inline of the article form.

Editors add, change and delete every profile and set every byline. A writer opens only their
own profile (their account's contributor), to keep its photo, bio, beat and links up to
date; its address and account link stay the editors' call. A writer reads the byline the
editors set and is put on their own pieces automatically (`articles.bylines`).
"""

from django.contrib import admin
from django.db.models import Count

from adminsortable2.admin import CustomInlineFormSet, SortableTabularInline
from reversion.admin import VersionAdmin

from core.admin import ExistingRecordLinkMixin, PageCacheAdminMixin
from productions.admin import HTTPS_URLS

from .. import workflow
from ..models import Byline, Contributor, ContributorLink


def _is_editor(request):
    return request.user.has_perm(workflow.PUBLISH_PERMISSION)


def unchanged_byline(data, prefix, article):
    """`data` with the article's byline as it is stored, as its form would post it unchanged."""
    lines = list(Byline.objects.filter(article=article)) if article.pk else []
    data = data.copy()
    data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(lines))
    for index, line in enumerate(lines):
        fields = {"id": line.pk, "article": article.pk, "contributor": line.contributor_id}
        fields["position"] = line.position
        data.update({f"{prefix}-{index}-{name}": str(value) for name, value in fields.items()})
    return data


class BylineFormSet(CustomInlineFormSet):
    """A post without the byline's fields (a script, a form or an autosave from before
    bylines) keeps the byline as it is, rather than refusing the whole save."""

    def __init__(self, **kwargs):
        data, article = kwargs.get("data"), kwargs.get("instance")
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and article is not None and f"{prefix}-TOTAL_FORMS" not in data:
            kwargs["data"] = unchanged_byline(data, prefix, article)
        super().__init__(**kwargs)


class BylineInline(SortableTabularInline):
    """The names readers see under the headline, in order: drag, or pick a contributor."""

    model = Byline
    formset = BylineFormSet
    extra = 0
    fields = ["contributor"]
    autocomplete_fields = ["contributor"]
    verbose_name = "contributor"
    verbose_name_plural = "Byline (in the order readers see it)"


class ContributorLinkInline(admin.TabularInline):
    """Profiles elsewhere, shown on the author page and named to search engines (sameAs)."""

    model = ContributorLink
    formfield_overrides = HTTPS_URLS
    fields = ["label", "url", "position"]
    extra = 0


@admin.register(Contributor)
class ContributorAdmin(ExistingRecordLinkMixin, PageCacheAdminMixin, VersionAdmin):
    """Profiles behind the bylines: name, photo, job title, beat, bio and links."""

    list_display = ["name", "job_title", "user", "byline_count", "modified_at"]
    # Meta.ordering is dropped by the counting annotation below: say it again.
    ordering = ["name", "pk"]
    search_fields = ["name", "slug", "beat", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    readonly_fields = ["created_at", "modified_at"]
    list_select_related = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "beat", "photo", "bio"]}),
        ("Desk", {"fields": ["user", "created_at", "modified_at"]}),
    ]
    inlines = [ContributorLinkInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(num_bylines=Count("bylines"))
        match = request.resolver_match
        if _is_editor(request) or (match and match.url_name == "autocomplete"):
            return queryset
        # A writer keeps their own profile only.
        return queryset.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not _is_editor(request):
            fields = ["slug", "user", *fields]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if _is_editor(request) else {}

    @admin.display(description="bylines", ordering="num_bylines")
    def byline_count(self, obj):
        return obj.num_bylines
