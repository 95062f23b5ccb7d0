"""The article form's workflow checks: a refused button is refused before anything is saved.

The rules themselves live in `articles.workflow`; the form and the formset only
ask there and put each answer beside the field it concerns.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

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

    def _post_clean(self):
        super()._post_clean()
        if self.workflow_action:
            try:
                self._check_workflow_action(self.workflow_action)
            except ValidationError as error:
                self.add_error(None, error)

    def _check_workflow_action(self, action):
        # Runs once the instance holds what was typed, so the workflow judges that.
        if not self.request.user.has_perm(Action.PERMISSIONS[action]):
            raise ValidationError(
                f"You are not allowed to {Action.LABELS[action].lower()}: "
                "an editor publishes, schedules, unpublishes and archives.",
                code="permission_denied",
            )
        if self.instance.pk:
            self.instance.check_transition(Action.TARGETS[action])
        else:
            workflow.check_transition(Article.Status.DRAFT, Action.TARGETS[action])
        if action in Action.GOING_PUBLIC:
            problems = workflow.article_field_problems(self.instance)
            if "episodes" in self.fields:
                # The formset checks the body with the episodes being posted, not the saved.
                self.instance.posted_episodes = list(self.cleaned_data.get("episodes") or [])
                problems += workflow.episode_problems(self.instance, self.instance.posted_episodes)
            for problem in problems:
                if problem.field in self.fields and problem.field not in self.errors:
                    self.add_error(problem.field, problem.sentence)
        if action == Action.SCHEDULE:
            try:
                workflow.check_schedule_date(self.instance.publish_at)
            except ValidationError as error:
                self.add_error("publish_at" if "publish_at" in self.fields else None, error)


class ArticleBlockFormSet(BaseInlineFormSet):
    """Checks the body about to be saved when a publish or schedule button was pressed."""

    request = None
    workflow_action = None

    def clean(self):
        super().clean()
        if self.workflow_action not in Action.GOING_PUBLIC:
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
        try:
            workflow.check_publishable(
                self.instance, blocks, getattr(self.instance, "posted_episodes", None)
            )
        except ValidationError as error:
            messages.error(self.request, error.message)
            raise
