"""An article's history in the admin: what each entry says, two revisions compared, and
a restore that leaves the live status, dates and counters as they are."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

import reversion
from reversion.models import Version

from .. import revisions, workflow
from ..conflicts import KEEP_FIELD
from ..models import Article, ArticleBlock

#: What a restore must leave as it is now: status and dates belong to the
#: workflow, counters to the readers.
KEPT_ON_RESTORE = [
    "status",
    "slug",
    "publish_at",
    "first_published_at",
    "updated_at",
    # Planning is the desk's, not the text's: restoring words keeps who does them and when.
    "assignee",
    "due_date",
    # A restore is a new save: its form checks against the live version, then counts one on.
    "edit_version",
    "comment_count",
    "rating_count",
    "rating_sum",
]
#: The key under which a restore hands the live state to `changeform_view`.
KEPT_STATE = "_kept_on_restore"


def _version_or_404(versions, version_id):
    """The revision a compare link names; an id that is not a number is a 404, as a gone one."""
    if not (version_id.isascii() and version_id.isdigit()):
        raise Http404("No such revision.")
    return get_object_or_404(versions, pk=version_id)


class ArticleHistoryMixin:
    """History: each revision's words, comparing two, and restores that keep the live state."""

    def history_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
        ]

    # --- What each entry says ----------------------------------------------

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
            # The same comparison the compare page shows, so the line and the page agree; a
            # first revision has nothing to compare with but the form's list of changes.
            comparison = revisions.previous_comparison(obj)
            summary = comparison.summary() if comparison else revisions.describe_edit(message)
            comment = summary or revisions.NO_CHANGES
            if request.POST.get(KEEP_FIELD):
                comment += " Saved over a newer version, which the revision before keeps."
            reversion.set_comment(comment)
        return entry

    # --- The history page and comparing two revisions ------------------------

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        action_list = []
        if article is not None:
            versions = list(
                Version.objects.get_for_object(article).select_related("revision__user")
            )
            compare_url = reverse("admin:articles_article_compare", args=[article.pk])
            action_list = [
                {
                    "revision": version.revision,
                    "version_id": version.pk,
                    "url": reverse(
                        "admin:articles_article_revision", args=[article.pk, version.pk]
                    ),
                    # Each line's words are this comparison's summary: one click shows it.
                    "changes_url": (
                        f"{compare_url}?from={earlier.pk}&to={version.pk}" if earlier else ""
                    ),
                }
                # The oldest has none before it (and an article with no revision, no line).
                for version, earlier in zip(versions, [*versions[1:], None], strict=False)
            ]
        extra_context = {**(extra_context or {}), "action_list": action_list}
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        """Two revisions side by side: every field, relation and block field that changed,
        in words, with the same summary the history line of the newer one says."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        old = _version_or_404(versions, request.GET.get("from", ""))
        new_id = request.GET.get("to")
        if new_id and new_id != "current":
            new = _version_or_404(versions, new_id)
            if new.revision.date_created < old.revision.date_created:
                old, new = new, old
            old_snapshot, new_snapshot = revisions.snapshots_of_versions([old, new])
            new_label = new.revision
        else:
            old_snapshot = revisions.snapshot_of_version(old)
            new_snapshot, new_label = revisions.snapshot_of_article(article), "the current version"
        comparison = revisions.compare(old_snapshot, new_snapshot)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Compare revisions of “{article}”",
            "old": old,
            "new_label": new_label,
            "comparison": comparison,
            "restore_url": reverse("admin:articles_article_revision", args=[article.pk, old.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    # --- Restore keeps the workflow state ------------------------------------

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
