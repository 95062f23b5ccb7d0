"""Two people editing one article: a save over a version the editor never saw is refused.

Every form and autosave carries the `Article.edit_version` it was opened at. When the
article has been saved since, `article_conflict` says who saved it, when, and what they
changed (field by field, from the revisions), and the save is refused with everything the
editor typed still in the form. Pressing "Keep mine as a new revision" saves on top: both
versions stay in the history.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from reversion.models import Version

from . import revisions, workflow
from .models import Article

#: The POST field of "Keep mine as a new revision": the version the editor chose to save over.
KEEP_FIELD = "_keep_mine"
#: How many recent revisions are read to find the one the editor started from.
RECENT_REVISIONS = 20


@dataclass
class Change:
    """One save made since the editor opened the form."""

    who: str
    when: object
    said: str


@dataclass
class EditConflict:
    """What the editor is told when the article moved on under their form."""

    base_version: int
    current_version: int
    changes: list = field(default_factory=list)  # newest first
    comparison: object = None  # revisions.Comparison, or None when no revision tells

    @property
    def who(self):
        names = []
        for change in self.changes:
            if change.who not in names:
                names.append(change.who)
        return " and ".join(names) if names else "Someone else"

    @property
    def when(self):
        return self.changes[0].when if self.changes else None

    @property
    def sentence(self):
        when = f" at {timezone.localtime(self.when):%H:%M on %d %b}" if self.when else ""
        return (
            f"Not saved: {self.who} saved this article{when}, after you opened it. "
            "What you typed is still in the form; keep yours as a new revision or reload theirs."
        )

    @property
    def refusal(self):
        """The form's error line; the box above it shows the details and the two choices."""
        return f"Not saved: {self.who} saved a newer version after you opened this form."

    def as_json(self):
        """The same words for the autosave script."""
        comparison = self.comparison
        return {
            "message": self.sentence,
            "who": self.who,
            "when": timezone.localtime(self.when).isoformat() if self.when else None,
            "current_version": self.current_version,
            "changes": [
                {"label": str(label), "before": before, "after": after}
                for label, before, after, _diff in (comparison.field_changes if comparison else [])
            ],
            "relations": [
                {"label": change.label, "added": change.added, "removed": change.removed}
                for change in (comparison.relation_changes if comparison else [])
            ],
            "blocks": [
                {"change": block.change, "label": block.label}
                for block in (comparison.block_changes if comparison else [])
            ],
        }


def _stored_version(article, *, lock):
    articles = Article.objects.select_for_update() if lock else Article.objects
    return articles.filter(pk=article.pk).values_list("edit_version", flat=True).first()


def article_conflict(*, article, base_version, keep_over=None, lock=False):
    """What changed since the editor opened the form at `base_version`; None when nothing did.

    `keep_over` is the version "Keep mine" was pressed against: saving over exactly that
    one is allowed, over anything newer is another conflict. With `lock`, the row stays
    locked for the caller's transaction, so two saves cannot both pass the check.
    """
    if article is None or article.pk is None or base_version in (None, ""):
        return None
    try:
        base_version = int(base_version)
        keep_over = int(keep_over) if keep_over not in (None, "") else None
    except (TypeError, ValueError):
        return None
    current = _stored_version(article, lock=lock)
    if current is None or current == base_version or keep_over == current:
        return None
    conflict = EditConflict(base_version=base_version, current_version=current)
    base = None
    versions = Version.objects.get_for_object_reference(Article, article.pk).select_related(
        "revision__user"
    )
    for version in versions[:RECENT_REVISIONS]:
        number = version.field_dict.get("edit_version")
        if number is not None and number <= base_version:
            base = version
            break
        revision = version.revision
        who = workflow.staff_name(revision.user) if revision.user else "Someone"
        conflict.changes.append(Change(who=who, when=revision.date_created, said=revision.comment))
    if base is not None:
        live = Article.objects.get(pk=article.pk)
        conflict.comparison = revisions.compare(
            revisions.snapshot_of_version(base), revisions.snapshot_of_article(live)
        )
    return conflict
