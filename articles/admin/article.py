"""The article admin: workflow buttons and actions, roles, revisions, preview."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

import reversion
from adminsortable2.admin import SortableAdminBase
from reversion.admin import VersionAdmin

from core.admin import ExistingRecordLinkMixin
from core.pagecache import invalidate, keys

from .. import revisions, services, workflow
from ..models import Article, ArticleBlock, Correction
from ..preview import preview_url
from ..workflow import Action
from .access import WriterAccessMixin
from .blocks import ArticleBlockInline
from .editing import ArticleEditingMixin
from .filters import AuthorFilter, MonthFilter, MostUsedFilter, ShortcutFilter, StatusFilter
from .forms import WORKFLOW_FIELD, ArticleAdminForm, requested_action
from .views import ArticleExtraViewsMixin

#: What a restore must leave as it is now: status and dates belong to the
#: workflow, counters to the readers.
KEPT_ON_RESTORE = [
    "status",
    "slug",
    "publish_at",
    "first_published_at",
    "updated_at",
    "comment_count",
    "rating_count",
    "rating_sum",
]
#: The key under which a restore hands the live state to `changeform_view`.
KEPT_STATE = "_kept_on_restore"


class CorrectionInline(admin.TabularInline):
    """Dated public notes; readers see them at the end of the article, newest first."""

    model = Correction
    extra = 0
    fields = ["published_at", "kind", "note"]
    verbose_name = "public correction or update"
    verbose_name_plural = "Public corrections and updates (shown at the end of the article)"


def _bulk_action(action):
    """An admin action that runs one workflow service per selected article."""

    def run(modeladmin, request, queryset):
        done, refused = [], []
        for article in queryset:
            try:
                services.article_apply_action(article=article, user=request.user, action=action)
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(getattr(error, "messages", None) or [str(error)])
                refused.append(f"“{article}”: {reason}")
            else:
                done.append(article)
        if done:
            modeladmin.message_user(
                request,
                f"{Action.LABELS[action]}: done for {len(done)} article(s).",
                messages.SUCCESS,
            )
        for line in refused:
            modeladmin.message_user(request, f"Not changed, {line}", messages.ERROR)

    run.__name__ = f"workflow_{action}"
    run.short_description = f"{Action.LABELS[action]} (selected)"
    run.allowed_permissions = (
        "publish" if Action.PERMISSIONS[action] == workflow.PUBLISH_PERMISSION else "change",
    )
    return run


@admin.action(description="Duplicate as new drafts (selected)", permissions=["add"])
def duplicate_selected(modeladmin, request, queryset):
    """Each selected article gets a draft copy on the editor's byline."""
    copies, refused = [], []
    for article in queryset:
        try:
            copies.append(services.article_duplicate(article=article, user=request.user))
        except PermissionDenied as error:
            refused.append(f"“{article}”: {error}")
    if copies:
        names = ", ".join(f"“{copy}”" for copy in copies)
        modeladmin.message_user(request, f"New drafts: {names}.", messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, f"Not copied, {line}", messages.ERROR)


@admin.register(Article)
class ArticleAdmin(
    ArticleEditingMixin,
    WriterAccessMixin,
    ExistingRecordLinkMixin,
    ArticleExtraViewsMixin,
    SortableAdminBase,
    VersionAdmin,
):
    form = ArticleAdminForm
    list_display = ["title", "status_badge", "kind", "byline", "publish_at", "updated_at"]
    list_display_links = ["title"]
    list_filter = [
        ShortcutFilter,
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
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "authors",
        "hero_image",
        "productions",
        "episodes",
        "people",
        "verdict_sources",
    ]
    readonly_fields = [
        "status_badge",
        "first_published_at",
        "updated_at",
        "created_at",
        "modified_at",
    ]
    inlines = [ArticleBlockInline, CorrectionInline]
    actions = [*(_bulk_action(action) for action in Action.ALL), duplicate_selected]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "kind", "authors", "tags"]}),
        (
            "Publishing",
            {"fields": ["status_badge", "publish_at", "is_featured", "allow_comments"]},
        ),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_credit"]}),
        ("Covers", {"fields": ["productions", "episodes", "people"]}),
        ("Verdict", {"fields": ["verdict", "verdict_summary", "verdict_sources"]}),
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
            "admin/marquee/tags.js",
            "admin/marquee/writing.js",
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
        return ", ".join(user.get_full_name() or user.get_username() for user in obj.authors.all())

    # --- Who sees and edits what -----------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors").with_shown_status()
        match = request.resolver_match
        if match and match.url_name == "autocomplete":
            # "Also read" links point readers at live pieces, whoever wrote them.
            return queryset.live()
        if self._is_writer(request):
            queryset = queryset.filter(
                authors=request.user, status__in=workflow.WRITER_EDITABLE
            ).distinct()
        return queryset

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH_PERMISSION)

    def view_on_site(self, obj):
        # Only a public article has a page; a draft's link would be a 404.
        return obj.get_absolute_url() if obj.is_public else None

    def recoverlist_view(self, request, extra_context=None):
        # Deleted pieces may be anyone's: bringing them back is an editor's call.
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(workflow.PUBLISH_PERMISSION):
            # The byline and the timing are the editors' call; a writer is put
            # on their own byline automatically.
            fields += ["authors", "publish_at", "is_featured"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        form.workflow_action = requested_action(request)
        return form

    # --- Saving ----------------------------------------------------------

    def delete_model(self, request, obj):
        touched = keys(obj)
        super().delete_model(request, obj)
        invalidate(*touched)

    def delete_queryset(self, request, queryset):
        touched = keys(*queryset)
        super().delete_queryset(request, queryset)
        invalidate(*touched)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        services.article_add_author(article=article, user=request.user)
        services.article_record_edit(
            article=article,
            # The form was built from the stored row, so its initial slug is the old URL.
            previous_slug=form.initial.get("slug") if change else None,
            user=request.user,
        )

    def _apply_workflow_action(self, request, obj, action, edited):
        """Run the button's service inside the save's transaction and revision, then say so.
        The form checked the same rules, so a refusal here is a race with another editor:
        the edits are kept (a consistent draft), the status is not."""
        try:
            services.article_apply_action(article=obj, user=request.user, action=action)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(getattr(error, "messages", None) or [str(error)])
            self.message_user(
                request,
                f"Your changes were saved but the status did not change. {reason}",
                messages.ERROR,
            )
        else:
            # The revision says both what was edited and what happened to it, by whom.
            done = workflow.done_by(action, request.user, obj.publish_at)
            reversion.set_comment(f"{edited}{done}.")
            what = {
                Action.SUBMIT: "was submitted for review",
                Action.PUBLISH: "is published",
                Action.SCHEDULE: (
                    f"is scheduled for {timezone.localtime(obj.publish_at):%d %b %Y %H:%M}"
                    if obj.publish_at
                    else "is scheduled"
                ),
                Action.UNPUBLISH: "is a draft again",
                Action.ARCHIVE: "is archived",
            }[action]
            self.message_user(request, f"“{obj}” {what}.", messages.SUCCESS)
        if obj.pk and obj.can_be_edited_by(request.user):
            url = reverse("admin:articles_article_change", args=[obj.pk])
        else:
            url = reverse("admin:articles_article_changelist")
        return HttpResponseRedirect(url)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            blocks = obj.blocks.count()
            with_blocks = f" with {revisions.count_of(blocks, 'block')}" if blocks else ""
            name = workflow.staff_name(request.user)
            reversion.set_comment(f"Added{with_blocks} by {name}.")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(revisions.describe_edit(message) or revisions.NO_CHANGES)
        return entry

    def response_add(self, request, obj, post_url_continue=None):
        action = requested_action(request)
        if action:
            return self._apply_workflow_action(
                request, obj, action, edited=f"{reversion.get_comment()} "
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        action = requested_action(request)
        if action:
            # log_change has just set the revision comment to what was edited.
            edited = reversion.get_comment()
            edited = "" if edited in ("", revisions.NO_CHANGES) else f"{edited} "
            return self._apply_workflow_action(request, obj, action, edited=edited)
        return super().response_change(request, obj)

    # --- Change form context ---------------------------------------------

    def _workflow_buttons(self, request, obj):
        article = obj or Article(status=Article.Status.DRAFT)
        labels = {**Action.LABELS}
        # "Unpublish" only reads right for a public piece; the move is the same.
        if article.status == Article.Status.IN_REVIEW:
            labels[Action.UNPUBLISH] = "Send back to draft"
        elif article.status == Article.Status.ARCHIVED:
            labels[Action.UNPUBLISH] = "Restore as draft"
        return [
            (action, labels[action])
            for action in Action.ALL
            if workflow.can_perform(request.user, action, article)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            workflow_field=WORKFLOW_FIELD,
            workflow_buttons=self._workflow_buttons(request, obj),
            preview_url=preview_url(obj) if obj is not None and obj.pk else None,
            can_duplicate=obj is not None
            and obj.pk is not None
            and workflow.can_duplicate(request.user, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "freshness_url": reverse("admin:articles_article_freshness"),
            "schedule_url": reverse("admin:articles_article_schedule"),
            "can_publish": self.has_publish_permission(request),
        }
        return super().changelist_view(request, extra_context)

    # --- Revisions: restore keeps the workflow state ----------------------

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        extra_context = {**(extra_context or {}), "version_date": version.revision.date_created}
        live = Article.objects.filter(pk=version.object_id).first()
        if live is not None:
            # reversion hands changeform_view nothing but this dict, so the live
            # state travels in it to where the restore is written.
            extra_context[KEPT_STATE] = {
                "fields": {name: getattr(live, name) for name in KEPT_ON_RESTORE},
                "feedback": dict(live.blocks.values_list("uid", "feedback_count")),
            }
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        kept = extra_context.pop(KEPT_STATE, None)
        if kept and object_id:
            # Runs inside the restore's transaction, right after the old
            # version was written back: put back what a restore must not touch.
            Article.objects.filter(pk=object_id).update(**kept["fields"])
            for uid, count in kept["feedback"].items():
                ArticleBlock.objects.filter(uid=uid).update(feedback_count=count)
        return super().changeform_view(request, object_id, form_url, extra_context)
