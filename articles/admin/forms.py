"""The article form's workflow checks: a refused button is refused before anything is saved.

The rules themselves live in `articles.workflow`; the form and the formset only
ask there and put each answer beside the field it concerns.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.forms.utils import ErrorDict

from adminsortable2.admin import CustomInlineFormSetMixin

from core.admin import ExistingRecordLinkForm

from .. import workflow
from ..conflicts import KEEP_FIELD, article_conflict
from ..models import Article
from ..models.review import REVIEWED_FIELDS, review_coverage_problem
from ..rankings import entry_problems
from ..workflow import Action
from .writing import WritingAidsFormMixin

#: The POST field the workflow buttons of the change form send.
WORKFLOW_FIELD = "_workflow"
#: What the desk-access picker is for, now that readers' bylines are the contributors.
DESK_ACCESS_HELP = (
    "Staff who may open and edit this piece. Readers see the byline below, not this; "
    "a contributor with a staff account on the byline is added here when you save."
)
#: The article form's part only reviews show.
REVIEW_FIELDSET = "Review"
#: The POST field of a block's ▲ / ▼ button: "<block id>:up" or ":down".
MOVE_FIELD = "_move_block"


def shows_review_fields(article, posted_kind=None):
    """Whether the form shows the review fields: a review, one becoming one, or one with a
    score left over (so the refusal to keep it on another kind sits beside it)."""
    kinds = {article.kind, posted_kind}
    return Article.Kind.REVIEW in kinds or article.review_score is not None


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
        if "authors" in self.fields:
            self.fields["authors"].help_text = DESK_ACCESS_HELP
        if self.is_bound and "sponsor_label" in self.fields and "sponsor_label" not in self.data:
            # A post made without the sponsor's words (a script, an older form) keeps them
            # as they are, and the revision does not call them changed.
            self.data = self.data.copy()
            self.data["sponsor_label"] = self.instance.sponsor_label

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

    def is_valid(self):
        """A ▲ / ▼ posted without JavaScript only shows the blocks reordered: never a save,
        and what was typed is judged when Save is pressed (as a restored autosave is)."""
        valid = super().is_valid()
        if self.is_bound and self.data.get(MOVE_FIELD):
            self._errors = ErrorDict()
            return False
        return valid

    def _post_clean(self):
        super()._post_clean()
        self._check_review_coverage()
        if self.workflow_action:
            try:
                self._check_workflow_action(self.workflow_action)
            except ValidationError as error:
                self.add_error(None, error)

    def _check_review_coverage(self):
        # Judged with the productions being posted, once the instance holds the rest.
        if "reviewed_production" not in self.fields or "productions" not in self.fields:
            return
        problem = review_coverage_problem(self.instance, self.cleaned_data.get("productions") or [])
        picked = [name for name in REVIEWED_FIELDS if getattr(self.instance, f"{name}_id")]
        if problem and picked and picked[0] not in self.errors:
            self.add_error(picked[0], problem)

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
    """The posted saved blocks in their new order: one swapped with its neighbour.

    `button` is a ▲ / ▼ value, "<block id>:up" or "<block id>:down". The saved blocks'
    forms trade places in `data` (each keeps its own id and everything typed in it) so the
    form shows them in the new order, and their positions are renumbered 1, 2, 3… New
    blocks stay after them. Returns the moved block's form index, or None.
    """
    block_id, _, direction = button.partition(":")
    try:
        saved = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
    except ValueError:
        return None
    rows = []
    for index in range(saved):
        try:
            position = int(data.get(f"{prefix}-{index}-position") or 0)
        except ValueError:
            position = 0
        rows.append((position, index, data.get(f"{prefix}-{index}-id")))
    rows.sort()
    order = [index for _, index, _ in rows]
    ids = [pk for _, _, pk in rows]
    if direction not in ("up", "down") or block_id not in ids:
        return None
    here = ids.index(block_id)
    there = here - 1 if direction == "up" else here + 1
    if 0 <= there < len(order):
        order[here], order[there] = order[there], order[here]
        here = there
    fields = {}
    for index in order:
        start = f"{prefix}-{index}-"
        fields[index] = {
            key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)
        }
        for key in list(fields[index]):
            del data[start + key]
    for new_index, old_index in enumerate(order):
        for name, values in fields[old_index].items():
            data.setlist(f"{prefix}-{new_index}-{name}", values)
        data[f"{prefix}-{new_index}-position"] = str(new_index + 1)
    return here


class ArticleBlockFormSet(CustomInlineFormSetMixin, BaseInlineFormSet):
    """Checks the body about to be saved when a publish or schedule button was pressed.

    django-admin-sortable2's mixin keeps `position` as a hidden input the drag renumbers,
    and puts a new block last. A ▲ / ▼ button posted without JavaScript reorders the posted
    forms instead (`move_posted_block`): the form comes back in the new order, the moved
    block saying so, and nothing is saved until Save (`ArticleAdminForm.is_valid`).
    """

    request = None
    workflow_action = None
    #: The moved block's form index and direction, when a ▲ / ▼ button was posted.
    moved = (None, "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        button = self.data.get(MOVE_FIELD) if self.is_bound else None
        if button:
            # The admin hands the formset its own copy of the POST data.
            if not getattr(self.data, "_mutable", True):
                self.data = self.data.copy()
            index = move_posted_block(self.data, self.prefix, button)
            self.moved = (index, button.partition(":")[2])

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        index, direction = self.moved
        form.moved = direction if i == index else ""
        return form

    def clean(self):
        if not any(form.errors for form in self.forms):
            # Before Django's own duplicate check, whose words name no production.
            problems = entry_problems(self.instance, self._kept_blocks())
            if problems:
                raise ValidationError(problems)
        super().clean()
        if self.workflow_action not in Action.GOING_PUBLIC:
            return
        if workflow.permission_problem(self.request.user, self.workflow_action):
            # The article form says why this user cannot; what the body lacks is beside the point.
            return
        if any(form.errors for form in self.forms):
            return
        blocks = self._kept_blocks()
        blocks.sort(key=lambda block: block.position)
        try:
            workflow.check_publishable(
                self.instance, blocks, getattr(self.instance, "posted_episodes", None)
            )
        except ValidationError as error:
            messages.error(self.request, error.message)
            raise

    def _kept_blocks(self):
        """The blocks the body will hold once saved."""
        deleted = set(self.deleted_forms)
        blocks = [
            form.instance
            for form in self.forms
            if form not in deleted and (form.instance.pk or form.has_changed())
        ]
        return blocks
