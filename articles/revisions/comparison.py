"""Two states of an article compared in words (fields, relations, blocks field by field), and
the history line of a save, which is the same comparison's summary."""

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from reversion.models import Version

from ..models import ArticleBlock
from .snapshots import (
    COMPARED_FIELDS,
    CORRECTION_FIELDS,
    RELATIONS,
    field_label,
    is_prose,
    snapshot_of_article,
    snapshot_of_version,
)

#: What the history says of a save that changed nothing.
NO_CHANGES = "Saved with no changes."


def word_diff(old, new):
    """HTML marking removed words with <del> and added words with <ins>."""
    old_words, new_words = old.split(), new.split()
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    # Safe: every word went through escape() above.
    return mark_safe(" ".join(out))


class FieldChange(NamedTuple):
    """A field whose words changed: its label, before, after, and the word diff in HTML."""

    label: str
    before: str
    after: str
    diff: str


class RelationChange(NamedTuple):
    """A relation line: its label and the names added and removed."""

    label: str
    added: list
    removed: list


@dataclass
class BlockChange:
    """A block added, removed, moved or edited, with the fields that make the change."""

    change: str  # "added", "removed", "moved" or "edited"
    position: int
    label: str
    headline: str
    fields: list  # FieldChange, by the kind's own field labels
    moved_from: int | None = None


@dataclass
class CorrectionChange:
    """A public correction or update added, removed or edited, with its changed fields."""

    change: str  # "added", "removed" or "edited"
    label: str  # "Correction, 07 Dec 2026 09:30"
    fields: list  # FieldChange


def whole_diff(old, new):
    """HTML replacing one value by another: a name, a choice or a date is not read by words."""
    parts = [format_html("<del>{}</del>", old)] if old else []
    parts += [format_html("<ins>{}</ins>", new)] if new else []
    return mark_safe(" ".join(parts))


def _field_change(label, before, after, *, prose=True):
    before, after = before or "", after or ""
    diff = word_diff(before, after) if prose else whole_diff(before, after)
    return FieldChange(str(label), before, after, diff)


def _block_field_change(state, name, before, after):
    model_field = ArticleBlock._meta.get_field(name)
    label = state.spec.field_label(model_field)
    return _field_change(label, before, after, prose=is_prose(model_field))


@dataclass
class Comparison:
    """What changed between two states, and what the older one did not keep."""

    field_changes: list
    relation_changes: list = field(default_factory=list)
    block_changes: list = field(default_factory=list)
    correction_changes: list = field(default_factory=list)
    not_recorded: list = field(default_factory=list)  # labels an older revision lacks

    @property
    def has_changes(self):
        return bool(
            self.field_changes
            or self.relation_changes
            or self.block_changes
            or self.correction_changes
        )

    def summary(self):
        """The history line's words: "Changed title, covers, 2 blocks; added 1 block." ("" when
        nothing changed)."""
        counts = {}
        for noun, changes in (
            ("block", self.block_changes),
            ("correction", self.correction_changes),
        ):
            for change in changes:
                verb = "changed" if change.change == "edited" else change.change
                counts.setdefault(verb, {}).setdefault(noun, 0)
                counts[verb][noun] += 1
        named = {
            verb: [count_of(n, noun) for noun, n in nouns.items()] for verb, nouns in counts.items()
        }
        changed = [_lower(change.label) for change in self.field_changes]
        changed += [_lower(change.label) for change in self.relation_changes]
        changed += named.get("changed", [])
        parts = ["Changed " + ", ".join(changed)] if changed else []
        for verb in ("added", "removed", "moved"):
            if named.get(verb):
                parts.append(f"{verb} " + ", ".join(named[verb]))
        if not parts:
            return ""
        sentence = "; ".join(parts)
        return f"{sentence[0].upper()}{sentence[1:]}."


def _lower(label):
    """A label inside a sentence: "SEO title" keeps its capitals, "Title" does not."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _differs(name, before, after, old_picked, new_picked):
    """Whether a field changed: a pick by the row it names (renaming an image in the library
    is no edit of the article), anything else by its words."""
    if name in old_picked and name in new_picked:
        return old_picked[name] != new_picked[name]
    return before != after


def _compare_blocks(old, new, comparison):
    for uid, state in new.blocks.items():
        before = old.blocks.get(uid)
        if before is None:
            fields = [
                _block_field_change(state, name, "", words)
                for name, words in state.values.items()
                if words
            ]
            comparison.block_changes.append(
                BlockChange("added", state.position, state.label, state.headline, fields)
            )
            continue
        fields = []
        if before.kind != state.kind:
            fields.append(_field_change("Kind", before.label, state.label, prose=False))
        for name, words in state.values.items():
            old_words = before.values.get(name, "")
            if words is None or old_words is None:
                label = state.spec.field_label(ArticleBlock._meta.get_field(name))
                comparison.not_recorded.append(f"{state.label} {label.lower()}")
                continue
            if _differs(name, old_words, words, before.picked, state.picked):
                fields.append(_block_field_change(state, name, old_words, words))
        moved_from = before.position if before.position != state.position else None
        if fields or moved_from is not None:
            change = "edited" if fields else "moved"
            comparison.block_changes.append(
                BlockChange(change, state.position, state.label, state.headline, fields, moved_from)
            )
    for uid, state in old.blocks.items():
        if uid not in new.blocks:
            fields = [
                _block_field_change(state, name, words, "")
                for name, words in state.values.items()
                if words
            ]
            comparison.block_changes.append(
                BlockChange("removed", state.position, state.label, state.headline, fields)
            )
    # A block's place in the article: the new place, or the old one for a removed block.
    comparison.block_changes.sort(key=lambda change: (change.position, change.change))


def _correction_label(words):
    return f"{words.get('kind') or 'Correction'}, {words.get('published_at') or 'undated'}"


def _correction_field_change(name, before, after):
    model_field = next(f for f in CORRECTION_FIELDS if f.name == name)
    return _field_change(field_label(model_field), before, after, prose=is_prose(model_field))


def _compare_corrections(old, new, comparison):
    labels = {f.name: field_label(f) for f in CORRECTION_FIELDS}
    for key, words in new.corrections.items():
        before = old.corrections.get(key)
        if before is None:
            fields = [_correction_field_change(n, "", w) for n, w in words.items() if w]
            comparison.correction_changes.append(
                CorrectionChange("added", _correction_label(words), fields)
            )
            continue
        fields = []
        for name, after in words.items():
            if after is None or before.get(name) is None:
                comparison.not_recorded.append(f"Correction {labels[name].lower()}")
            elif after != before[name]:
                fields.append(_correction_field_change(name, before[name], after))
        if fields:
            comparison.correction_changes.append(
                CorrectionChange("edited", _correction_label(words), fields)
            )
    for key, words in old.corrections.items():
        if key not in new.corrections:
            fields = [_correction_field_change(n, w, "") for n, w in words.items() if w]
            comparison.correction_changes.append(
                CorrectionChange("removed", _correction_label(words), fields)
            )


def compare(old, new):
    """What changed from snapshot `old` to snapshot `new`, in words, ready for a template."""
    comparison = Comparison(field_changes=[])
    for model_field in COMPARED_FIELDS:
        before, after = old.fields.get(model_field.name), new.fields.get(model_field.name)
        label = field_label(model_field)
        # Unknown on either side: neither "changed" nor "unchanged" would be true.
        if before is None or after is None:
            comparison.not_recorded.append(label)
        elif _differs(model_field.name, before, after, old.picked, new.picked):
            prose = is_prose(model_field)
            comparison.field_changes.append(_field_change(label, before, after, prose=prose))
    for relation in RELATIONS:
        before, after = old.relations.get(relation.label), new.relations.get(relation.label)
        if before is None or after is None:
            comparison.not_recorded.append(relation.label)
            continue
        added = [name for key, name in after.items() if key not in before]
        removed = [name for key, name in before.items() if key not in after]
        if added or removed:
            comparison.relation_changes.append(RelationChange(relation.label, added, removed))
    _compare_blocks(old, new, comparison)
    _compare_corrections(old, new, comparison)
    comparison.not_recorded = list(dict.fromkeys(comparison.not_recorded))
    return comparison


def count_of(number, noun):
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def previous_comparison(article):
    """What changed in `article` since its last revision (None when it has none yet)."""
    latest = Version.objects.get_for_object(article).first()
    if latest is None:
        return None
    return compare(snapshot_of_version(latest), snapshot_of_article(article))


def describe_edit(change_message):
    """A first revision's words, from Django's change message ("Changed title, 2 blocks."):
    with no earlier revision to compare with, the form's own list is all there is."""
    fields, counts = [], {}
    for entry in change_message or []:
        for verb, details in entry.items():
            name = details.get("name")
            if name is None:
                fields += [str(label).lower() for label in details.get("fields", [])]
                continue
            noun = "block" if "block" in name else str(name).split()[-1]
            counts[(verb, noun)] = counts.get((verb, noun), 0) + 1
    changed = fields + [
        count_of(n, noun) for (verb, noun), n in counts.items() if verb == "changed"
    ]
    parts = []
    if changed:
        parts.append("Changed " + ", ".join(changed))
    for verb, word in (("added", "added"), ("deleted", "removed")):
        nouns = [count_of(n, noun) for (v, noun), n in counts.items() if v == verb]
        if nouns:
            parts.append(f"{word} " + ", ".join(nouns))
    if not parts:
        return ""
    sentence = "; ".join(parts)
    return f"{sentence[0].upper()}{sentence[1:]}."
