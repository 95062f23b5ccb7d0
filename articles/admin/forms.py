"""The article form's workflow checks: a refused button is refused before anything is saved."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from .. import workflow
from ..models import Article
from ..workflow import Action

#: The POST field the workflow buttons of the change form send.
WORKFLOW_FIELD = "_workflow"


def requested_action(request):
    action = request.POST.get(WORKFLOW_FIELD) if request.method == "POST" else None
    return action if action in Action.ALL else None


class ArticleAdminForm(forms.ModelForm):
    """Checks a workflow button before anything is saved, so a refused one saves nothing."""

    request = None
    workflow_action = None

    def clean(self):
        cleaned = super().clean()
        action = self.workflow_action
        if not action:
            return cleaned
        user = self.request.user
        if not user.has_perm(Action.PERMISSIONS[action]):
            raise ValidationError(
                f"You are not allowed to {Action.LABELS[action].lower()}: "
                "an editor publishes, schedules, unpublishes and archives.",
                code="permission_denied",
            )
        if self.instance.pk:
            self.instance.check_transition(Action.TARGETS[action])
        else:
            workflow.check_transition(Article.Status.DRAFT, Action.TARGETS[action])
        if action in (Action.PUBLISH, Action.SCHEDULE):
            self._check_article_fields(cleaned)
        if action == Action.SCHEDULE:
            publish_at = cleaned.get("publish_at", self.instance.publish_at)
            if publish_at is None or publish_at <= timezone.now():
                self.add_error(
                    "publish_at" if "publish_at" in self.fields else None,
                    "To schedule, set “Publish at” to a date and time in the future.",
                )
        return cleaned

    def _check_article_fields(self, cleaned):
        needed = {
            "standfirst": "A standfirst is needed before publishing.",
            "hero_image": "A hero image is needed before publishing.",
            "hero_alt": "Alt text for the hero image is needed before publishing.",
            "hero_credit": "A credit for the hero image is needed before publishing.",
        }
        for name, message in needed.items():
            if name in self.fields and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)


class ArticleBlockFormSet(BaseInlineFormSet):
    """Checks the body about to be saved when a publish or schedule button was pressed."""

    request = None
    workflow_action = None

    def clean(self):
        super().clean()
        if self.workflow_action not in (Action.PUBLISH, Action.SCHEDULE):
            return
        if any(form.errors for form in self.forms):
            return
        deleted = set(self.deleted_forms)
        blocks = [
            form.instance
            for form in self.forms
            if form not in deleted and (form.instance.pk or form.has_changed())
        ]
        blocks.sort(key=lambda block: block.position)
        problems = workflow.publish_problems(self.instance, blocks)
        if problems:
            message = "Cannot publish yet. Still missing: " + "; ".join(problems) + "."
            messages.error(self.request, message)
            raise ValidationError(message, code="not_publishable")
