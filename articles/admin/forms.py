"""The article form's workflow checks: a refused button is refused before anything is saved.

The rules themselves live in `articles.workflow`; the form and the formset only
ask there and put each answer beside the field it concerns.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from adminsortable2.admin import CustomInlineFormSetMixin

from core.admin import ExistingRecordLinkForm

from .. import workflow
from ..conflicts import KEEP_FIELD, article_conflict
from ..models import Article
from ..workflow import Action
from .writing import WritingAidsFormMixin

#: The POST field the workflow buttons of the change form send.
WORKFLOW_FIELD = "_workflow"
#: The POST field of a block's "Move up" / "Move down" button: "<block id>:up" or ":down".
MOVE_FIELD = "_move_block"


def requested_action(request):
    action = request.POST.get(WORKFLOW_FIELD) if request.method == "POST" else None
    return action if action in Action.ALL else None


class BaseVersionField(forms.IntegerField):
    """The version a form was opened at: bookkeeping, never an edit the history names."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class ArticleAdminForm(ExistingRecordLinkForm, WritingAidsFormMixin, forms.ModelForm):
    """Checks a workflow button before anything is saved, so a refused one saves nothing.

    A taken slug's error links to the article that has it (`ExistingRecordLinkForm`).
    A save over a version of the article the editor never saw is refused the same way,
    keeping what they typed (`articles.conflicts`).
    """

    request = None
    workflow_action = None
    conflict = None

    #: The article's `edit_version` when the form was opened (autosaves carry it too).
    base_version = BaseVersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.edit_version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.is_bound:
            # Locked until the admin's transaction ends: two saves cannot both pass.
            self.conflict = article_conflict(
                article=self.instance,
                base_version=cleaned_data.get("base_version"),
                keep_over=self.data.get(KEEP_FIELD),
                lock=True,
            )
            if self.conflict:
                raise ValidationError(self.conflict.refusal, code="edit_conflict")
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        if self.workflow_action:
            try:
                self._check_workflow_action(self.workflow_action)
            except ValidationError as error:
                self.add_error(None, error)

    def _check_workflow_action(self, action):
        # Runs once the instance holds what was typed, so the workflow judges that.
        refusal = workflow.permission_problem(self.request.user, action)
        if refusal:
            raise ValidationError(refusal, code="permission_denied")
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


def move_posted_block(data, prefix, button):
    """Renumber the posted blocks' positions 1, 2, 3… with one block swapped with its neighbour.

    `button` is the "Move up" / "Move down" value, "<block id>:up" or "<block id>:down".
    Only positions change, so everything typed is saved as it was and each block keeps its
    row (and the reader comments pointing at it).
    """
    block_id, _, direction = button.partition(":")
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    except ValueError:
        return
    rows = []
    for index in range(total):
        name = f"{prefix}-{index}"
        # Unsaved blocks that were never filled in stay as they are (an untouched extra form).
        if data.get(f"{name}-DELETE") or not (data.get(f"{name}-id") or data.get(f"{name}-kind")):
            continue
        try:
            position = int(data.get(f"{name}-position") or 0)
        except ValueError:
            position = 0
        rows.append((position, index, data.get(f"{name}-id")))
    rows.sort()
    order = [index for _, index, _ in rows]
    ids = [pk for _, _, pk in rows]
    if block_id not in ids:
        return
    here = ids.index(block_id)
    there = here - 1 if direction == "up" else here + 1
    if 0 <= there < len(order):
        order[here], order[there] = order[there], order[here]
    for position, index in enumerate(order, start=1):
        data[f"{prefix}-{index}-position"] = str(position)


class ArticleBlockFormSet(CustomInlineFormSetMixin, BaseInlineFormSet):
    """Checks the body about to be saved when a publish or schedule button was pressed.

    django-admin-sortable2's mixin keeps `position` as a hidden input the drag renumbers,
    and puts a new block last; a "Move up/down" button renumbers the posted positions.
    """

    request = None
    workflow_action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get(MOVE_FIELD):
            # The admin hands the formset its own copy of the POST data.
            if not getattr(self.data, "_mutable", True):
                self.data = self.data.copy()
            move_posted_block(self.data, self.prefix, self.data[MOVE_FIELD])

    def clean(self):
        super().clean()
        if self.workflow_action not in Action.GOING_PUBLIC:
            return
        if workflow.permission_problem(self.request.user, self.workflow_action):
            # The article form says why this user cannot; what the body lacks is beside the point.
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
