"""The workflow in the article admin: the buttons (submit, publish, schedule, unpublish,
archive) on the change form and as bulk actions, and what the editor is told.

The rules live in `articles.workflow` and the moves in `articles.services`; the form
checks a pressed button before anything is saved (`forms.ArticleAdminForm`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

import reversion

from .. import revisions, services, workflow
from ..models import Article
from ..workflow import Action
from .forms import WORKFLOW_FIELD


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


#: One bulk action per workflow button, in the buttons' order.
WORKFLOW_ACTIONS = [_bulk_action(action) for action in Action.ALL]


class ArticlePublishingMixin:
    """Workflow: the publish/schedule/… buttons, the service each runs, and what it says."""

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

    def workflow_context(self, request, obj):
        """The change form's workflow buttons (submit_line.html)."""
        return {
            "workflow_field": WORKFLOW_FIELD,
            "workflow_buttons": self._workflow_buttons(request, obj),
        }

    def _apply_workflow_action(self, request, obj, action, *, added):
        """Run the button's service inside the save's transaction and revision, then say so.
        The form checked the same rules, so a refusal here is a race with another editor:
        the edits are kept (a consistent draft), the status is not."""
        # log_addition / log_change have just set the revision comment to what was edited.
        edited = reversion.get_comment()
        if added:
            edited = f"{edited} "
        else:
            edited = "" if edited in ("", revisions.NO_CHANGES) else f"{edited} "
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
