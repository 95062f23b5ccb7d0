"""The article admin: the list and the form, and the order in which its jobs run.

Each job is one mixin: `WriterAccessMixin` (access.py), `ArticlePublishingMixin`
(publishing.py), `ArticleEditingMixin` (editing.py), `ArticleHistoryMixin` (history.py),
`ArticlePagesMixin` (views.py) and `ArticlePlanningMixin` (planning.py). A Django hook
that more than one job extends is overridden here only, and calls each job's named step
in order; every other hook belongs to exactly one mixin (tests/test_admin_structure.py keeps it so).
"""

from django.contrib import admin, messages
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from adminsortable2.admin import SortableAdminBase
from reversion.admin import VersionAdmin

from core.pagecache import invalidate, keys

from .. import bylines, services
from ..models import Article, Correction
from ..spoilers import article_spoiler_echoes
from .access import WriterAccessMixin
from .blocks import ArticleBlockInline
from .contributors import BylineInline
from .editing import ArticleEditingMixin
from .filters import AuthorFilter, MonthFilter, MostUsedFilter, ShortcutFilter, StatusFilter
from .forms import REVIEW_FIELDSET, ArticleAdminForm, requested_action, shows_review_fields
from .history import ArticleHistoryMixin
from .pickers import guide_pickers
from .planning import ArticlePlanningMixin, AssignmentFilter
from .publishing import WORKFLOW_ACTIONS, ArticlePublishingMixin
from .views import ArticlePagesMixin, duplicate_selected


class CorrectionInline(admin.TabularInline):
    """Dated public notes; readers see them at the end of the article, newest first."""

    model = Correction
    extra = 0
    fields = ["published_at", "kind", "note"]
    verbose_name = "public correction or update"
    verbose_name_plural = "Public corrections and updates (shown at the end of the article)"


@admin.register(Article)
class ArticleAdmin(
    WriterAccessMixin,
    ArticlePublishingMixin,
    ArticleEditingMixin,
    ArticleHistoryMixin,
    ArticlePagesMixin,
    ArticlePlanningMixin,
    SortableAdminBase,
    VersionAdmin,
):
    form = ArticleAdminForm
    # No planning column: at a laptop's width the list already fills the page; the
    # "assignment" filter and the dashboard show who is on what by when.
    list_display = ["title", "status_badge", "kind", "byline", "publish_at", "updated_at"]
    list_display_links = ["title"]
    list_filter = [
        ShortcutFilter,
        AssignmentFilter,
        StatusFilter,
        "kind",
        AuthorFilter,
        MonthFilter,
        ("productions", MostUsedFilter),
        ("tags", MostUsedFilter),
        "is_featured",
    ]
    # Twenty rows a page, as WordPress shows: an editor scans a page at a glance.
    list_per_page = 20
    list_select_related = False
    # No second COUNT over every article when a filter or search is in use.
    show_full_result_count = False
    search_fields = ["title", "standfirst", "slug"]
    # A sponsor's address typed without a scheme is https, as browsers assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "authors",
        "hero_image",
        "sponsor_logo",
        "productions",
        "episodes",
        "people",
        "verdict_sources",
        "reviewed_production",
        "reviewed_season",
        "reviewed_episode",
    ]
    readonly_fields = [
        "status_badge",
        "first_published_at",
        "updated_at",
        "created_at",
        "modified_at",
    ]
    inlines = [BylineInline, ArticleBlockInline, CorrectionInline]
    actions = [*WORKFLOW_ACTIONS, duplicate_selected]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "kind", "authors", "tags"]}),
        ("Ranked list", {"fields": ["countdown"], "classes": ["collapse"]}),
        (
            "Publishing",
            {"fields": ["status_badge", "publish_at", "is_featured", "allow_comments"]},
        ),
        # Only the desk sees these: who is to get the piece ready, and by when.
        ("Planning", {"fields": ["assignee", "due_date"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_credit"]}),
        ("Covers", {"fields": ["productions", "episodes", "people"]}),
        ("Verdict", {"fields": ["verdict", "verdict_summary", "verdict_sources"]}),
        (
            REVIEW_FIELDSET,
            {
                "fields": [
                    ("review_score", "review_scale"),
                    "review_verdict",
                    "reviewed_production",
                    "reviewed_season",
                    "reviewed_episode",
                ],
                "description": "Only for reviews: the score readers see, the one-line verdict "
                "under the headline, and the one production, season or episode it reviews.",
            },
        ),
        (
            "Sponsor",
            {
                "fields": ["sponsor_name", "sponsor_label", "sponsor_url", "sponsor_logo"],
                "description": "Only for paid content: readers see “Sponsored by …” on the "
                "card, the page and in feeds.",
            },
        ),
        (
            "Freshness",
            {
                "fields": [
                    "review_by",
                    "first_published_at",
                    "updated_at",
                    "created_at",
                    "modified_at",
                ]
            },
        ),
        # Last, right above the writing aids' search and social previews.
        ("Search engines and social cards", {"fields": ["seo_title", "seo_description"]}),
    ]

    class Media:
        css = {"all": ["admin/marquee/admin.css"]}
        js = [
            "admin/marquee/blocks.js",
            "admin/marquee/autosave.js",
            "admin/marquee/presence.js",
            "admin/marquee/tags.js",
            "admin/marquee/writing.js",
            "admin/marquee/notes.js",
            "admin/marquee/pickers.js",
        ]

    # --- Display ---------------------------------------------------------

    @admin.display(description="status", ordering="status_now")
    def status_badge(self, obj):
        article = obj if obj is not None and obj.pk else Article(status=Article.Status.DRAFT)
        # Safe: the template escaped what it rendered; strip() only dropped the newline.
        html = render_to_string("admin/articles/article/status_badge.html", {"article": article})
        return mark_safe(html.strip())

    @admin.display(description="byline")
    def byline(self, obj):
        return obj.byline_names

    def view_on_site(self, obj):
        # Only a public article has a page; a draft's link would be a 404.
        return obj.get_absolute_url() if obj.is_public else None

    # --- Deleting: the public pages that showed the article are refreshed -------

    def delete_model(self, request, obj):
        touched = keys(obj)
        super().delete_model(request, obj)
        invalidate(*touched)

    def delete_queryset(self, request, queryset):
        touched = keys(*queryset)
        super().delete_queryset(request, queryset)
        invalidate(*touched)

    # --- Hooks that several jobs extend, in the order they run -------------

    def get_urls(self):
        return [
            *self.editing_urls(),
            *self.page_urls(),
            *self.history_urls(),
            *self.planning_urls(),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = self.planning_fieldsets(request, super().get_fieldsets(request, obj))
        # A new piece may become a review; a saved one shows the review fields once it is one.
        if obj is None or shows_review_fields(obj, request.POST.get("kind")):
            return fieldsets
        return [(name, options) for name, options in fieldsets if name != REVIEW_FIELDSET]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form = self.restoring_form(request, obj, form)
        # Pickers the user cannot add to say who can, and how to ask for a missing record.
        form = guide_pickers(form, user=request.user, article=obj)
        # The form checks the pressed workflow button before anything is saved.
        form.request = request
        form.workflow_action = requested_action(request)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            **self.workflow_context(request, obj),
            **self.editing_context(request, obj, context["adminform"].form),
            **self.notes_context(request, obj),
            can_duplicate=self.can_duplicate(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        self.clear_autosave(request, article)
        services.article_add_author(article=article, user=request.user)
        bylines.article_bylines_settle(article=article, user=request.user, created=not change)
        services.article_record_edit(
            article=article,
            # The form was built from the stored row, so its initial slug is the old URL.
            previous_slug=form.initial.get("slug") if change else None,
            user=request.user,
            # An inline's prefix is its relation's name ("blocks", "corrections").
            changed={*form.changed_data, *(f.prefix for f in formsets if f.has_changed())},
        )
        self.fetch_embeds(request, article)
        # A warning, not a refusal: whether shared words give the twist away is the editor's call.
        for warning in article_spoiler_echoes(article):
            self.message_user(request, warning, messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        action = requested_action(request)
        if action:
            return self._apply_workflow_action(request, obj, action, added=True)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        action = requested_action(request)
        if action:
            return self._apply_workflow_action(request, obj, action, added=False)
        return super().response_change(request, obj)
